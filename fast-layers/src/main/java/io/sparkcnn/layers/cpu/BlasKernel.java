package io.sparkcnn.layers.cpu;

import java.util.Locale;
import java.util.Set;

/**
 * What the OpenBLAS kernel in use offers the layers' GEMMs. OpenBLAS 0.3.19 (ND4J's) has small-matrix kernels, which
 * skip packing the operands, only in its SkylakeX and Cooperlake builds, for products of at most 10^6 multiply-adds.
 * There, the seed CNN's convolution products cut to that size ran 1.4x (second layer, forward) to 3x (first layer,
 * weight gradient) faster than one product per chunk; with the Haswell kernel the same cuts ran up to 1.3x slower
 * ({@code ConvolutionProductTiming} in the measurements module, BENCHMARKS.md). The kernel is the one
 * {@code OPENBLAS_CORETYPE} names (bin/blas-env sets it), which OpenBLAS reads when it loads.
 */
public final class BlasKernel {
    /** The largest product (m·n·k) OpenBLAS's small-matrix kernels take. */
    public static final long SMALL_PRODUCT = 1_000_000L;
    /**
     * A system property ({@code -Dspark-cnn.cutForSmallKernels=true}) that makes the layers take the paths cut for the
     * small-matrix kernels whatever the kernel: the same results, only slower without them. The build runs this
     * module's tests a second time with it, so those paths are checked on machines that pin another kernel (these
     * set {@code OPENBLAS_CORETYPE=Haswell}, and so may CI's).
     */
    public static final String CUT_FOR_SMALL_KERNELS = "spark-cnn.cutForSmallKernels";
    private static final Set<String> WITH_SMALL_KERNELS = Set.of("skylakex", "cooperlake");
    private static final boolean SMALL_KERNELS = Boolean.getBoolean(CUT_FOR_SMALL_KERNELS)
            || hasSmallKernels(System.getenv("OPENBLAS_CORETYPE"));

    private BlasKernel() {
    }

    /** Whether the kernel in use has small-matrix kernels (or the tests ask for their paths). */
    public static boolean smallKernels() {
        return SMALL_KERNELS;
    }

    /** Whether the kernel named {@code coreType} (an {@code OPENBLAS_CORETYPE} value, null when unset) has them. */
    static boolean hasSmallKernels(String coreType) {
        return coreType != null && WITH_SMALL_KERNELS.contains(coreType.trim().toLowerCase(Locale.ROOT));
    }
}
