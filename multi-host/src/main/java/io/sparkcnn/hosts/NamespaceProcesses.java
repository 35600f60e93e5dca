package io.sparkcnn.hosts;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The processes inside one of the harness's namespaces, by their ids ({@code ip netns pids}): only what the harness
 * started runs there (its daemons, the executors they launched, the driver).
 */
final class NamespaceProcesses {
    private static final Duration GRACE = Duration.ofSeconds(10);

    private NamespaceProcesses() {
    }

    /** Asks each process to stop, waits up to {@link #GRACE}, then kills what is left. */
    static void stop(String namespace) {
        List<ProcessHandle> inside = Commands.attempt(List.of("ip", "netns", "pids", namespace)).lines()
                .map(String::strip).filter(l -> l.matches("\\d+"))
                .map(pid -> ProcessHandle.of(Long.parseLong(pid))).flatMap(Optional::stream).toList();
        inside.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (ProcessHandle p : inside) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                p.onExit().get(left, java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                p.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }
}
