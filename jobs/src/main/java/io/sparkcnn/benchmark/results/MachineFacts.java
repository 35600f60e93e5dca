package io.sparkcnn.benchmark.results;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The machine a benchmark ran on, read when it started: figures are only comparable with figures from the same
 * machine in the same state.
 *
 * @param cores       processors available to this JVM
 * @param cpuModel    the first {@code model name} of /proc/cpuinfo (null elsewhere)
 * @param memoryMiB   physical memory (MemTotal of /proc/meminfo; null elsewhere)
 * @param os          name, version, architecture
 * @param java        vendor, version and VM of the JVM that trained
 * @param loadAverage the 1, 5 and 15 minute load averages when the benchmark started (/proc/loadavg; the 1-minute
 *                    figure alone elsewhere): above about 0.5 something else was using the machine
 */
public record MachineFacts(int cores, String cpuModel, Long memoryMiB, String os, String java,
                           List<Double> loadAverage) {

    public static MachineFacts current() {
        return new MachineFacts(Runtime.getRuntime().availableProcessors(), readCpuModel(), readMemoryMiB(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                System.getProperty("java.vendor") + " " + System.getProperty("java.version") + " ("
                        + System.getProperty("java.vm.name") + ")",
                readLoadAverage());
    }

    private static String readCpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Long readMemoryMiB() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024).findFirst().orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static List<Double> readLoadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return Arrays.stream(f, 0, 3).map(Double::valueOf).toList();
        } catch (IOException | RuntimeException e) {
            double one = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return one < 0 ? List.of() : List.of(one);
        }
    }
}
