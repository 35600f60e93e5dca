package io.sparkcnn.layers.cpu;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import java.nio.FloatBuffer;

import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Single-precision matrix product on off-heap buffers through the OpenBLAS that ND4J itself loads (the "nolapack"
 * build), so it shares ND4J's thread setting. Row-major throughout; operands are direct (off-heap) buffers, which
 * OpenBLAS uses in place.
 */
public final class Sgemm {
    private Sgemm() {
    }

    /**
     * {@code c = op(a) · op(b) + beta · c}, with op(a) m×k and op(b) k×n. {@code transA}: a is stored k×m;
     * {@code transB}: b is stored n×k.
     */
    public static void multiply(boolean transA, boolean transB, int m, int n, int k, FloatBuffer a, FloatBuffer b,
                                float beta, FloatBuffer c) {
        multiply(transA, transB, m, n, k, a, transA ? m : k, b, transB ? k : n, beta, c, n);
    }

    /** The view of {@code buffer} from element {@code offset} on: a sub-matrix's first element, for OpenBLAS. */
    public static FloatBuffer from(FloatBuffer buffer, int offset) {
        return buffer.slice(offset, buffer.capacity() - offset);
    }

    /** The same on sub-matrices: {@code lda}, {@code ldb}, {@code ldc} are the stored rows' lengths. */
    public static void multiply(boolean transA, boolean transB, int m, int n, int k, FloatBuffer a, int lda,
                                FloatBuffer b, int ldb, float beta, FloatBuffer c, int ldc) {
        openblas_nolapack.cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans,
                transB ? CblasTrans : CblasNoTrans, m, n, k, 1f, a, lda, b, ldb, beta, c, ldc);
    }
}
