package io.sparkcnn.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * This JVM's peak memory during one measurement. Resident memory (the Java heap, ND4J's off-heap arrays, native
 * libraries and threads: in local mode the driver and every replica) is Linux's {@code VmHWM} from
 * {@code /proc/self/status}, reset at the start by writing 5 to {@code /proc/self/clear_refs}; where that reset is
 * refused, the largest {@code VmRSS} seen by sampling. The heap's peak is sampled every 50 ms.
 */
final class MemoryWatch implements AutoCloseable {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
    private static final double MIB = 1024.0 * 1024.0;

    /** What was measured; {@code rssMiB} is null where /proc is not there (not Linux). */
    record Peak(Double rssMiB, double heapMiB, String rssSource) {
    }

    private final boolean hwmReset;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long heapPeak;
    private volatile long rssPeakKb;

    private MemoryWatch() {
        System.gc(); // start the heap figure from live data, not from the previous measurement's garbage
        hwmReset = resetHighWaterMark();
        sample();
        sampler = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "benchmark-memory-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    static MemoryWatch start() {
        return new MemoryWatch();
    }

    private void sample() {
        long heap = memory.getHeapMemoryUsage().getUsed();
        if (heap > heapPeak) {
            heapPeak = heap;
        }
        if (!hwmReset) {
            statusKb("VmRSS:").ifPresent(kb -> {
                if (kb > rssPeakKb) {
                    rssPeakKb = (long) kb;
                }
            });
        }
    }

    /** Stops sampling and returns the peaks. */
    Peak stop() {
        running = false;
        sampler.interrupt();
        sample();
        if (hwmReset) {
            OptionalDouble hwm = statusKb("VmHWM:");
            if (hwm.isPresent()) {
                return new Peak(hwm.getAsDouble() / 1024.0, heapPeak / MIB, "VmHWM");
            }
        }
        return new Peak(rssPeakKb > 0 ? rssPeakKb / 1024.0 : null, heapPeak / MIB, "sampled VmRSS");
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }

    private static boolean resetHighWaterMark() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** A "Name:   1234 kB" line of /proc/self/status, in kB. */
    static OptionalDouble statusKb(String field) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(field)) {
                    return OptionalDouble.of(
                            Double.parseDouble(line.substring(field.length()).trim().split("\\s+")[0]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or an unexpected format: no figure
        }
        return OptionalDouble.empty();
    }
}
