package io.sparkcnn.cluster;

import java.time.Duration;
import java.util.List;

/** What is left of the processes this JVM started, once a cluster says it has stopped them. */
public final class ChildProcesses {
    private ChildProcesses() {
    }

    /**
     * Waits up to {@code grace} for every descendant of this JVM to end (a stopped cluster's JVMs take a few seconds to
     * exit) and returns the command of each one still alive: empty when nothing outlived the cluster.
     */
    public static List<String> aliveAfter(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        while (ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse(p.info().command().orElse("pid " + p.pid()))).toList();
    }
}
