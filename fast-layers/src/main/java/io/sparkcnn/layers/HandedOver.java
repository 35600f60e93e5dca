package io.sparkcnn.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Java copy of the last array a fast layer gave DL4J on this thread, for the next fast layer to read instead of
 * copying the array back out of ND4J's memory. DL4J passes one layer's output straight to the next layer's input (and
 * one layer's input gradient straight to the layer below), so the array a layer receives is, by identity, often the
 * one its neighbour just wrote from a Java array it still holds. Copying it back cost a pass over memory per layer
 * and direction: 5.5 MB per minibatch each way between the seed CNN's first convolution and its pooling.
 *
 * <p>The rules that keep this exact: the giver writes the array completely before handing it over and does not change
 * its Java copy until its next forward pass or backprop; the taker only reads the copy, does not keep it past its own
 * call, and takes it at most once. One slot per thread: a replica's layers run one after another on its thread, and
 * replicas sharing a JVM (Spark's local mode) each have their own. Anything in between that makes a new array (a
 * preprocessor, a dropout copy, a cast) breaks the identity and the taker copies as before.
 */
final class HandedOver {
    private static final ThreadLocal<HandedOver> SLOT = ThreadLocal.withInitial(HandedOver::new);

    private INDArray array;
    private float[] floats;

    private HandedOver() {
    }

    /** Records that {@code floats} holds {@code array}'s elements (dense, row-major) from index 0 on. */
    static void give(INDArray array, float[] floats) {
        HandedOver slot = SLOT.get();
        slot.array = array;
        slot.floats = floats;
    }

    /** The Java copy of {@code array} if it is the one last given on this thread (and not yet taken), else null. */
    static float[] take(INDArray array) {
        HandedOver slot = SLOT.get();
        float[] copy = slot.array == array && array != null ? slot.floats : null;
        slot.array = null;
        slot.floats = null;
        return copy;
    }
}
