package io.sparkcnn.replica;

import org.nd4j.linalg.factory.Nd4j;

/** Limits ND4J's native (OpenMP and BLAS) threads in this JVM. */
public final class NativeThreads {
    private NativeThreads() {
    }

    public static void limitTo(int threads) {
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
