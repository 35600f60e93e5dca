package io.sparkcnn.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's peak resident memory (Linux {@code VmHWM}): Java heap, both engines' native allocations and the
 * loaded libraries together, which the JVM's own counters would miss.
 */
final class PeakMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private PeakMemory() {
    }

    /** Peak RSS in MiB, or NaN where /proc is not there (not Linux). */
    static double peakRssMiB() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    String kib = line.substring("VmHWM:".length()).replace("kB", "").trim();
                    return Long.parseLong(kib) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
