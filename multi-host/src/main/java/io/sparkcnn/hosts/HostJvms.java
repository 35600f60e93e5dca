package io.sparkcnn.hosts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.sparkcnn.cluster.JvmLaunch;

/**
 * The JVMs the harness runs on its hosts, each with its output in {@code logs/NAME.log}; stopped with their children
 * (a Spark worker's executors) in the reverse order of their start.
 */
final class HostJvms {
    private final HostNetwork network;
    private final JvmLaunch jvm;
    private final Path logs;
    private final Map<String, Process> running = new LinkedHashMap<>();

    HostJvms(HostNetwork network, JvmLaunch jvm, Path logs) {
        this.network = network;
        this.jvm = jvm;
        this.logs = logs;
    }

    /** Starts {@code mainClass args} on {@code host} as the JVM named {@code name}. */
    Process start(String name, String host, String heap, List<String> jvmProperties, String mainClass,
            List<String> args) {
        List<String> command = new ArrayList<>(network.exec(host));
        command.add(jvm.java().toString());
        command.add("-Xmx" + heap);
        command.addAll(jvm.jvmFlags());
        command.addAll(jvmProperties);
        command.add("-cp");
        command.add(jvm.classpath());
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log(name).toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_LOCAL_IP", network.address(host)); // Spark binds here, executors launched by a worker too
        env.put("SPARK_HOME", logs.resolveSibling("spark-home").toString());
        env.put("SPARK_SCALA_VERSION", "2.12");
        try {
            Files.createDirectories(logs);
            Files.createDirectories(logs.resolveSibling("spark-home").resolve("jars"));
            Process p = pb.start();
            running.put(name, p);
            return p;
        } catch (IOException e) {
            throw new HostException("cannot start " + name + " on " + host + ": " + e.getMessage());
        }
    }

    Path log(String name) {
        return logs.resolve(name + ".log");
    }

    /** Waits until the JVM's log holds {@code line}; throws naming the log if it exits or the time runs out. */
    void awaitLine(String name, String line, Duration timeout) {
        Process p = running.get(name);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!logHolds(name, line)) {
            if (!p.isAlive()) {
                throw new HostException(name + " exited with code " + p.exitValue() + " before '" + line + "'; see "
                        + log(name));
            }
            if (System.nanoTime() > deadline) {
                throw new HostException(name + " did not log '" + line + "' within " + timeout.toSeconds() + " s; see "
                        + log(name));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HostException("interrupted waiting for " + name);
            }
        }
    }

    boolean logHolds(String name, String line) {
        try {
            return Files.exists(log(name))
                    && new String(Files.readAllBytes(log(name)), StandardCharsets.UTF_8).contains(line);
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the JVM and what it started (a worker's executors), as a host that goes away for good. */
    void kill(String name) {
        Process p = running.get(name);
        if (p != null) {
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /** Stops every JVM, the last started first, children first; waits up to 10 s each before killing. */
    void stopAll() {
        List<Process> reversed = new ArrayList<>(running.values());
        Collections.reverse(reversed);
        for (Process p : reversed) {
            p.toHandle().descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : reversed) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        running.clear();
    }
}
