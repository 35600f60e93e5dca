package io.sparkcnn.peers;

import java.util.List;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

import static io.sparkcnn.peers.SeedCnnShape.CLASSES;
import static io.sparkcnn.peers.SeedCnnShape.FILTERS;
import static io.sparkcnn.peers.SeedCnnShape.FLATTENED;
import static io.sparkcnn.peers.SeedCnnShape.HIDDEN;
import static io.sparkcnn.peers.SeedCnnShape.KERNEL;
import static io.sparkcnn.peers.SeedCnnShape.POOLED_SIDE;
import static io.sparkcnn.peers.SeedCnnShape.SIDE;

/**
 * The seed CNN in TensorFlow Java, graph mode: the whole step (forward, loss, gradients, Adam) is one graph that a
 * session runs once per batch, so each step costs one call into the native library. Tensors are NHWC, TensorFlow's
 * CPU layout.
 */
public final class TensorFlowSeedCnn implements PeerTrainer {
    private static final List<Long> UNIT_STRIDES = List.of(1L, 1L, 1L, 1L);
    private static final String VALID = "VALID";

    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> images;
    private final Placeholder<TInt32> labels;
    private final Op trainStep;
    private final Operand<TInt32> predictedClass;

    public TensorFlowSeedCnn(SeedCnnWeights initial, int threads) {
        graph = new Graph();
        Ops tf = Ops.create(graph);
        images = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, SIDE, SIDE, 1)));
        labels = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));

        Operand<TFloat32> conv1 = convReluPool(tf, images,
                variable(tf, Shape.of(KERNEL, KERNEL, 1, FILTERS), toHwio(initial.conv1Kernel(), 1)),
                variable(tf, Shape.of(FILTERS), initial.conv1Bias()));
        Operand<TFloat32> conv2 = convReluPool(tf, conv1,
                variable(tf, Shape.of(KERNEL, KERNEL, FILTERS, FILTERS), toHwio(initial.conv2Kernel(), FILTERS)),
                variable(tf, Shape.of(FILTERS), initial.conv2Bias()));
        Operand<TFloat32> flat = tf.reshape(conv2, tf.array(-1, FLATTENED));
        Operand<TFloat32> hidden = tf.nn.relu(dense(tf, flat,
                variable(tf, Shape.of(FLATTENED, HIDDEN), hiddenToTensorFlow(initial.hiddenWeights())),
                variable(tf, Shape.of(HIDDEN), initial.hiddenBias())));
        // Logits; the softmax is applied inside the loss (the numerically stable form of softmax + cross-entropy).
        Operand<TFloat32> logits = dense(tf, hidden,
                variable(tf, Shape.of(HIDDEN, CLASSES), transpose(initial.outputWeights(), CLASSES, HIDDEN)),
                variable(tf, Shape.of(CLASSES), initial.outputBias()));

        // The dense form with one-hot labels: the sparse op has no gradient in TensorFlow's C++ registry, which is
        // the one graph-mode Java uses.
        Operand<TFloat32> oneHot = tf.oneHot(labels, tf.constant(CLASSES), tf.constant(1f), tf.constant(0f));
        Operand<TFloat32> loss = tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss(),
                tf.constant(0));
        Adam adam = new Adam(graph, SeedCnnShape.LEARNING_RATE, SeedCnnShape.BETA1, SeedCnnShape.BETA2,
                SeedCnnShape.EPSILON);
        trainStep = adam.minimize(loss);
        predictedClass = tf.math.argMax(logits, tf.constant(1), TInt32.class);

        ConfigProto config = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(threads)
                // The graph is a chain of layers: nothing for a second op-level thread to run alongside.
                .setInterOpParallelismThreads(1)
                .build();
        session = new Session(graph, config);
        session.initialize();
    }

    @Override
    public String engineVersion() {
        return TensorFlow.version();
    }

    @Override
    public void trainStep(Batch batch) {
        try (TFloat32 x = pixels(batch); TInt32 y = labels(batch)) {
            session.runner().feed(images, x).feed(labels, y).addTarget(trainStep).run().close();
        }
    }

    @Override
    public int[] predict(Batch batch) {
        int[] out = new int[batch.size()];
        try (TFloat32 x = pixels(batch);
             org.tensorflow.Result result = session.runner().feed(images, x).fetch(predictedClass).run()) {
            ((TInt32) result.get(0)).copyTo(DataBuffers.of(out, false, false));
        }
        return out;
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }

    private static Operand<TFloat32> convReluPool(Ops tf, Operand<TFloat32> input, Operand<TFloat32> kernel,
                                                  Operand<TFloat32> bias) {
        Operand<TFloat32> conv = tf.nn.biasAdd(tf.nn.conv2d(input, kernel, UNIT_STRIDES, VALID), bias);
        return tf.nn.maxPool(tf.nn.relu(conv), tf.array(1, 2, 2, 1), tf.array(1, 2, 2, 1), VALID);
    }

    private static Operand<TFloat32> dense(Ops tf, Operand<TFloat32> input, Operand<TFloat32> weights,
                                           Operand<TFloat32> bias) {
        return tf.nn.biasAdd(tf.linalg.matMul(input, weights), bias);
    }

    /** A variable that starts at {@code values}; the constant lives in the init scope, run once by initialize(). */
    private static Variable<TFloat32> variable(Ops tf, Shape shape, float[] values) {
        return tf.variable(tf.withInitScope().constant(shape, DataBuffers.of(values, true, false)));
    }

    private static TFloat32 pixels(Batch batch) {
        return TFloat32.tensorOf(Shape.of(batch.size(), SIDE, SIDE, 1), DataBuffers.of(batch.pixels(), true, false));
    }

    private static TInt32 labels(Batch batch) {
        return TInt32.tensorOf(Shape.of(batch.size()), DataBuffers.of(batch.labels(), true, false));
    }

    /** Kernel [out][in][h][w] (PyTorch) → [h][w][in][out] (TensorFlow). */
    static float[] toHwio(float[] oihw, int in) {
        float[] out = new float[oihw.length];
        for (int o = 0; o < FILTERS; o++) {
            for (int i = 0; i < in; i++) {
                for (int h = 0; h < KERNEL; h++) {
                    for (int w = 0; w < KERNEL; w++) {
                        out[((h * KERNEL + w) * in + i) * FILTERS + o] = oihw[((o * in + i) * KERNEL + h) * KERNEL + w];
                    }
                }
            }
        }
        return out;
    }

    /**
     * Hidden-layer weights [128][800 as (c, h, w)] → [800 as (h, w, c)][128]: TensorFlow flattens NHWC feature maps
     * channel-last, PyTorch NCHW ones channel-first, so the rows are permuted as well as transposed.
     */
    static float[] hiddenToTensorFlow(float[] outByChw) {
        float[] out = new float[outByChw.length];
        int area = POOLED_SIDE * POOLED_SIDE;
        for (int unit = 0; unit < HIDDEN; unit++) {
            for (int c = 0; c < FILTERS; c++) {
                for (int pos = 0; pos < area; pos++) {
                    int chw = c * area + pos;
                    int hwc = pos * FILTERS + c;
                    out[hwc * HIDDEN + unit] = outByChw[unit * FLATTENED + chw];
                }
            }
        }
        return out;
    }

    /** [rows][cols] → [cols][rows]. */
    static float[] transpose(float[] matrix, int rows, int cols) {
        float[] out = new float[matrix.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = matrix[r * cols + c];
            }
        }
        return out;
    }
}
