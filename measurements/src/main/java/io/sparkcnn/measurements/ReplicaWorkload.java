package io.sparkcnn.measurements;

import io.sparkcnn.models.LayerImplementation;
import io.sparkcnn.models.ModelCatalog;
import io.sparkcnn.models.ModelSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the replica measurements fit: a zoo network for 28x28 grayscale images in ten classes, with the model's
 * default hyperparameters and the fast layers (as {@code spark-cnn train} builds it), and one random minibatch of 64.
 */
final class ReplicaWorkload {
    static final int MINIBATCH = 64;

    private ReplicaWorkload() {
    }

    /** A fresh network of zoo model {@code model}, weights from seed 42. */
    static MultiLayerNetwork network(String model) {
        return ModelCatalog.newNetwork(model, new ModelSpec(28, 28, 1, 10, ModelCatalog.get(model).defaults(), 42,
                LayerImplementation.FAST));
    }

    /** 64 images of uniform random pixels (ND4J's generator seeded with 1), labels cycling through the classes. */
    static DataSet randomMinibatch() {
        Nd4j.getRandom().setSeed(1);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, MINIBATCH, 10);
        for (int i = 0; i < MINIBATCH; i++) {
            labels.putScalar(i, i % 10, 1f);
        }
        return new DataSet(Nd4j.rand(DataType.FLOAT, MINIBATCH, 28 * 28), labels);
    }
}
