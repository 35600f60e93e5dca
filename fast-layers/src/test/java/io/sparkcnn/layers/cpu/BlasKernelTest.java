package io.sparkcnn.layers.cpu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which OpenBLAS kernels, as OPENBLAS_CORETYPE names them, have small-matrix kernels. */
class BlasKernelTest {
    @Test
    void skylakeXAndCooperlakeHaveThemWhateverTheCase() {
        assertTrue(BlasKernel.hasSmallKernels("SkylakeX"));
        assertTrue(BlasKernel.hasSmallKernels("SKYLAKEX"));
        assertTrue(BlasKernel.hasSmallKernels(" cooperlake "));
    }

    @Test
    void otherKernelsAndAnUnsetVariableDoNot() {
        assertFalse(BlasKernel.hasSmallKernels("Haswell"));
        assertFalse(BlasKernel.hasSmallKernels("Zen"));
        assertFalse(BlasKernel.hasSmallKernels(""));
        assertFalse(BlasKernel.hasSmallKernels(null));
    }
}
