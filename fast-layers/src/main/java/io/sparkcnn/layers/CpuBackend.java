package io.sparkcnn.layers;

import org.nd4j.linalg.factory.Nd4j;

/** Whether ND4J runs on the CPU backend, where arrays live in host memory that the Java kernels can read. */
final class CpuBackend {
    private static final boolean ACTIVE =
            Nd4j.getBackend().getClass().getName().equals("org.nd4j.linalg.cpu.nativecpu.CpuBackend");

    private CpuBackend() {
    }

    static boolean active() {
        return ACTIVE;
    }
}
