package io.sparkcnn.yarn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;

import io.sparkcnn.cluster.JvmLaunch;

/**
 * Runs Spark's own launcher ({@code org.apache.spark.deploy.SparkSubmit}) in a child JVM, with the README's YARN
 * options, against the YARN cluster whose configuration is in a HADOOP_CONF_DIR. Without a Spark distribution the
 * containers get Spark's and spark-cnn's classes the way Spark's YarnClusterSuite gives them its own: from this JVM's
 * classpath ({@code spark.driver.extraClassPath}, {@code spark.executor.extraClassPath}) with {@code spark.yarn.jars}
 * pointing at an empty jar, so nothing is uploaded; on a real cluster spark-cnn.jar is the application jar instead.
 */
final class SparkSubmit {
    static final Duration LIMIT = Duration.ofMinutes(5);

    /** The launcher's exit code (0 only when YARN reports the application SUCCEEDED) and its output. */
    record Result(int exitCode, String output) {
    }

    private SparkSubmit() {
    }

    static Result toYarn(JvmLaunch jvm, Path hadoopConfDir, Path workDir, List<String> sparkCnnArgs) {
        try {
            Files.createDirectories(workDir);
            Path emptyJar = workDir.resolve("empty.jar");
            new JarOutputStream(Files.newOutputStream(emptyJar)).close();
            String containers = containerClasspath(jvm.classpath());
            List<String> command = new ArrayList<>(List.of(jvm.java().toString(), "-Xmx512m"));
            command.addAll(jvm.jvmFlags());
            command.addAll(List.of("-cp", jvm.classpath() + ":" + hadoopConfDir, "org.apache.spark.deploy.SparkSubmit",
                    "--master", "yarn", "--deploy-mode", "cluster", "--class", "io.sparkcnn.driver.SparkCnn",
                    "--driver-memory", "1g", "--num-executors", "2", "--executor-memory", "768m",
                    "--executor-cores", "1", "--driver-java-options", jvm.flagsLine(),
                    "--conf", "spark.executor.extraJavaOptions=" + jvm.flagsLine(),
                    "--conf", "spark.driver.extraClassPath=" + containers,
                    "--conf", "spark.executor.extraClassPath=" + containers,
                    "--conf", "spark.yarn.jars=local:" + emptyJar,
                    "--conf", "spark.yarn.stagingDir=" + workDir.resolve("staging").toUri(),
                    "--conf", "spark.yarn.appMasterEnv.SPARK_LOCAL_IP=127.0.0.1",
                    "--conf", "spark.executorEnv.SPARK_LOCAL_IP=127.0.0.1",
                    "--conf", "spark.yarn.maxAppAttempts=1",
                    // Executor containers start in 10-60 s here, longer while other builds load the 2 cores.
                    "--conf", "spark.cnn.executorWaitSeconds=240",
                    emptyJar.toString()));
            command.addAll(sparkCnnArgs);
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("spark-submit.log").toFile());
            pb.environment().put("HADOOP_CONF_DIR", hadoopConfDir.toString());
            pb.environment().put("YARN_CONF_DIR", hadoopConfDir.toString());
            pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
            Process process = pb.start();
            try {
                if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    return new Result(-1, "spark-submit did not finish within " + LIMIT.toMinutes() + " minutes\n"
                            + Files.readString(workDir.resolve("spark-submit.log")));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new IllegalStateException("interrupted while spark-submit ran", e);
            }
            return new Result(process.exitValue(), Files.readString(workDir.resolve("spark-submit.log")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run spark-submit in " + workDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * This JVM's classpath with YARN's web-proxy jar first, so that the containers load the AmIpFilter a Spark
     * distribution ships (a javax.servlet Filter), not the minicluster's relocated one that this JVM's ResourceManager
     * uses (see the pom).
     */
    static String containerClasspath(String classpath) {
        List<String> entries = List.of(classpath.split(java.io.File.pathSeparator));
        List<String> webProxy = entries.stream().filter(e -> e.contains("hadoop-yarn-server-web-proxy")).toList();
        if (webProxy.isEmpty()) {
            throw new IllegalStateException("hadoop-yarn-server-web-proxy is not on the test classpath " + classpath);
        }
        List<String> ordered = new ArrayList<>(webProxy);
        entries.stream().filter(e -> !webProxy.contains(e)).forEach(ordered::add);
        return String.join(java.io.File.pathSeparator, ordered);
    }
}
