package io.sparkcnn.peers;

/**
 * One engine's seed CNN, ready to train. The benchmark loop owns the data, the order and the clock; an engine only
 * turns a batch into one optimizer step, so both engines are timed over exactly the same work.
 */
public interface PeerTrainer extends AutoCloseable {

    /** The version of the engine's native library (e.g. TensorFlow 2.16.2, PyTorch 2.7.1). */
    String engineVersion();

    /** Forward, backward and one Adam update on {@code batch}; returns when the update is done. */
    void trainStep(Batch batch);

    /** The predicted class of each image of {@code batch} (its labels are ignored). */
    int[] predict(Batch batch);

    /** Frees the engine's native memory. */
    @Override
    void close();
}
