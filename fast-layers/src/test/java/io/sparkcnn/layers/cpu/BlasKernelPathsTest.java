package io.sparkcnn.layers.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The build's second run of these tests must really take the small-kernel paths, or it checks nothing new. */
class BlasKernelPathsTest {
    @Test
    void thePropertyTakesTheSmallKernelPaths() {
        boolean asked = Boolean.getBoolean(BlasKernel.CUT_FOR_SMALL_KERNELS);
        boolean kernelHasThem = BlasKernel.hasSmallKernels(System.getenv("OPENBLAS_CORETYPE"));
        assertEquals(asked || kernelHasThem, BlasKernel.smallKernels(),
                "property " + asked + ", OPENBLAS_CORETYPE " + System.getenv("OPENBLAS_CORETYPE"));
    }
}
