package io.sparkcnn.layers.cpu;

import org.nd4j.linalg.factory.Nd4j;

/** Whether ND4J runs on the CPU backend, where arrays live in host memory that the Java kernels can read. */
public final class CpuBackend {
    private static final boolean ACTIVE =
            Nd4j.getBackend().getClass().getName().equals("org.nd4j.linalg.cpu.nativecpu.CpuBackend");

    private CpuBackend() {
    }

    public static boolean active() {
        return ACTIVE;
    }
}
