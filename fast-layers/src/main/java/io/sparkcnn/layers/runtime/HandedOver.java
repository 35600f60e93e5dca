package io.sparkcnn.layers.runtime;


import io.sparkcnn.layers.cpu.HostFloats;
import io.sparkcnn.layers.kernels.SparseGradient;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Java copy of the last array a fast layer gave DL4J on this thread, for the next fast layer to read instead of
 * copying the array back out of ND4J's memory. DL4J passes one layer's output straight to the next layer's input (and
 * one layer's input gradient straight to the layer below), so the array a layer receives is often the one its
 * neighbour just wrote from a Java array it still holds. Copying it back cost a pass over memory per layer and
 * direction: 5.5 MB per minibatch each way between the seed CNN's first convolution and its pooling.
 *
 * <p>Only inside a {@link TrainingNetwork}'s training step, and only to the one layer its plan names as the giver's
 * direct reader (the next layer, a fast layer that reads copies, no preprocessor in between): an array's identity
 * alone does not prove its contents, as a layer in between may change it in place and pass on the same array (DL4J's
 * {@code DropoutLayer} does). The giver may even leave the array unwritten when the plan says nothing else reads it
 * ({@link TrainingNetwork#readOnlyAsCopy}); a taker that cannot use the copy (its fast path does not cover the input)
 * has the array written before it reads it.
 *
 * <p>The rules that keep this exact: the giver does not change its Java copy until its next forward pass or
 * backprop; the taker only reads the copy, does not keep it past its own call, and takes it at most once. One slot per
 * thread: a replica's layers run one after another on its thread, and replicas sharing a JVM (Spark's local mode)
 * each have their own.
 */
final class HandedOver {
    private static final ThreadLocal<HandedOver> SLOT = ThreadLocal.withInitial(HandedOver::new);

    private INDArray array;
    private float[] floats;
    private boolean written;
    /** The one layer that may take the copy. */
    private Layer taker;
    /** The array's elements in sparse form, {@code floats} not yet filled; null when given dense. */
    private SparseGradient sparse;
    /** The array pooled by its giver, which never computed its elements; null when given otherwise. */
    private PooledOutput pooled;

    private HandedOver() {
    }

    /** Whether this slot holds {@code array} (not null), given to {@code taker}. */
    private boolean isFor(Layer reader, INDArray given) {
        return this.array == given && given != null && this.taker == reader;
    }

    /**
     * Records that {@code floats} holds the elements (dense, row-major, from index 0 on) of {@code array}, which
     * {@code giver} returns as its {@code output} (else as its input gradient), for the layer that reads it directly in
     * the training step running on this thread; nothing outside one. {@code written}: whether they are in the array
     * too (false only where {@link TrainingNetwork#readOnlyAsCopy} allowed it).
     */
    static void give(Layer giver, boolean output, INDArray array, float[] floats, boolean written) {
        HandedOver slot = SLOT.get();
        Layer taker = TrainingNetwork.directReader(giver, output);
        if (taker == null && !written) {
            throw new IllegalStateException("a fast layer left an array unwritten with no layer to read its copy");
        }
        slot.array = taker == null ? null : array;
        slot.floats = taker == null ? null : floats;
        slot.written = written;
        slot.taker = taker;
        slot.sparse = null;
        slot.pooled = null;
    }

    /**
     * Records that {@code array}, left unwritten, holds {@code sparse} (whose values may be the Java copy the layer
     * above handed to the giver: it stays unchanged until that layer's next backprop, after this one's reader's);
     * {@code denseBuffer}, the giver's, takes its dense form if a taker needs that ({@link #take}) instead of the
     * sparse one ({@link #takeSparse}).
     */
    static void giveSparse(Layer giver, INDArray array, SparseGradient sparse, float[] denseBuffer) {
        give(giver, false, array, denseBuffer, false);
        SLOT.get().sparse = sparse;
    }

    /**
     * Records that {@code giver}'s output {@code array}, left unwritten and never computed, is read by nothing but the
     * 2x2/2 max pooling above, which takes {@code pooled} instead ({@link #takePooled}).
     */
    static void givePooled(Layer giver, INDArray array, PooledOutput pooled) {
        give(giver, true, array, null, false);
        SLOT.get().pooled = pooled;
    }

    /**
     * The pooled form of {@code array} if it is the one last given on this thread, given so, to {@code taker}; else
     * null, and the slot is left for {@link #take}.
     */
    static PooledOutput takePooled(Layer taker, INDArray array) {
        HandedOver slot = SLOT.get();
        PooledOutput taken = slot.isFor(taker, array) ? slot.pooled : null;
        if (taken != null) {
            clear();
        }
        return taken;
    }

    /**
     * The sparse form of {@code array} if it is the one last given on this thread, given so, to {@code taker}; else
     * null, and the slot is left for {@link #take}.
     */
    static SparseGradient takeSparse(Layer taker, INDArray array) {
        HandedOver slot = SLOT.get();
        SparseGradient taken = slot.isFor(taker, array) ? slot.sparse : null;
        if (taken != null) {
            clear();
        }
        return taken;
    }

    /**
     * The Java copy of {@code array} if it is the one last given on this thread (and not yet taken), given to
     * {@code taker}, and {@code taker} will {@code use} it, else null; in that case the array itself is complete when
     * this returns.
     *
     * @throws IllegalStateException when an array left unwritten reaches any other reader: the plan that allowed it
     *                               was wrong, and reading on would give wrong results
     */
    static float[] take(Layer taker, INDArray array, boolean use) {
        HandedOver slot = SLOT.get();
        boolean same = slot.isFor(taker, array);
        float[] copy = slot.floats;
        boolean written = slot.written || slot.array == null;
        if (same && slot.sparse != null) {
            slot.sparse.densify(copy, Math.toIntExact(array.length()));
        }
        boolean pooled = slot.pooled != null;
        clear();
        if (pooled) {
            throw new IllegalStateException("a convolution's output, pooled by the convolution itself and never"
                    + " computed in full, reached a reader that does not take it pooled");
        }
        if (!same) {
            if (!written) {
                throw new IllegalStateException("an array a fast layer left unwritten (only its next layer was to read"
                        + " it, from the Java copy) reached another reader");
            }
            return null;
        }
        if (use) {
            return copy;
        }
        if (!written) {
            HostFloats.write(copy, array);
        }
        return null;
    }

    /** Forgets this thread's copy (a training step starts afresh, whatever the last one left). */
    static void clear() {
        HandedOver slot = SLOT.get();
        slot.array = null;
        slot.floats = null;
        slot.taker = null;
        slot.sparse = null;
        slot.pooled = null;
    }

    /** Whether {@code layer}'s fast path reads its input from the copy its neighbour gave (when there is one). */
    static boolean readsInputCopy(Layer layer) {
        return layer instanceof FastPooling || layer instanceof FastActivation
                || layer instanceof FastBatchNormalization;
    }

    /**
     * Whether {@code layer}'s fast path reads the gradient from above in sparse form when it is given so (false for
     * null).
     */
    static boolean readsSparseGradient(Layer layer) {
        return layer instanceof FastConvolution;
    }

    /** Whether {@code layer}'s fast path reads the gradient from above from the copy its neighbour gave. */
    static boolean readsGradientCopy(Layer layer) {
        return readsInputCopy(layer) || layer instanceof FastConvolution;
    }
}
