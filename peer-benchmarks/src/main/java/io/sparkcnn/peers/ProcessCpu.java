package io.sparkcnn.peers;

import java.lang.management.ManagementFactory;

/**
 * CPU time used by this whole process, native threads included. Set beside an epoch's wall time it shows whether the
 * run had its cores: with other work on the machine, an engine whose threads spin while waiting for each other burns
 * far more CPU than the epoch's wall time times its thread count would suggest.
 */
final class ProcessCpu {
    private ProcessCpu() {
    }

    /** Nanoseconds of CPU used so far, or -1 where the JVM cannot tell. */
    static long nanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
