package io.sparkcnn.peers;

import java.nio.FloatBuffer;
import java.util.List;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;

import static io.sparkcnn.peers.SeedCnnShape.CLASSES;
import static io.sparkcnn.peers.SeedCnnShape.FILTERS;
import static io.sparkcnn.peers.SeedCnnShape.HIDDEN;
import static io.sparkcnn.peers.SeedCnnShape.KERNEL;
import static io.sparkcnn.peers.SeedCnnShape.SIDE;

/**
 * The seed CNN in PyTorch through DJL, eager mode: each layer is a call into libtorch, and autograd records them
 * for the backward pass. Tensors are NCHW, PyTorch's layout.
 */
public final class PyTorchSeedCnn implements PeerTrainer {
    private static final String ENGINE = "PyTorch";

    private final Model model;
    private final Trainer trainer;

    public PyTorchSeedCnn(SeedCnnWeights initial, int threads) {
        configureBeforeLoading(threads);
        model = Model.newInstance("seed-cnn", Device.cpu(), ENGINE);
        model.setBlock(network());
        Optimizer adam = Optimizer.adam()
                .optLearningRateTracker(Tracker.fixed(SeedCnnShape.LEARNING_RATE))
                .optBeta1(SeedCnnShape.BETA1)
                .optBeta2(SeedCnnShape.BETA2)
                .optEpsilon(SeedCnnShape.EPSILON)
                .build();
        // Softmax cross-entropy on logits with sparse (class index) labels: the softmax layer lives in the loss.
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(adam)
                .optDevices(new Device[] {Device.cpu()});
        trainer = model.newTrainer(config);
        trainer.initialize(new Shape(1, 1, SIDE, SIDE));
        load(initial);
    }

    /**
     * Thread counts and offline mode are read once, when the engine loads; this must run first. Offline mode makes
     * DJL take libtorch from the pytorch-native-cpu jar on the classpath, and fail rather than download it.
     */
    private static void configureBeforeLoading(int threads) {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

    private static SequentialBlock network() {
        return new SequentialBlock()
                .add(conv())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(conv())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(HIDDEN).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(CLASSES).build());
    }

    /** 3x3, stride 1, no padding ("valid"), as in the seed CNN. */
    private static Conv2d conv() {
        return Conv2d.builder()
                .setKernelShape(new Shape(KERNEL, KERNEL))
                .setFilters(FILTERS)
                .optStride(new Shape(1, 1))
                .optPadding(new Shape(0, 0))
                .build();
    }

    /** Overwrites DJL's initial values with the shared ones; DJL's parameter order is the layers' order. */
    private void load(SeedCnnWeights initial) {
        List<float[]> values = List.of(initial.conv1Kernel(), initial.conv1Bias(), initial.conv2Kernel(),
                initial.conv2Bias(), initial.hiddenWeights(), initial.hiddenBias(), initial.outputWeights(),
                initial.outputBias());
        var parameters = model.getBlock().getParameters();
        if (parameters.size() != values.size()) {
            throw new IllegalStateException("expected " + values.size() + " parameters, DJL built "
                    + parameters.size() + ": " + parameters.keys());
        }
        for (int i = 0; i < values.size(); i++) {
            Pair<String, Parameter> named = parameters.get(i);
            NDArray array = named.getValue().getArray();
            if (array.size() != values.get(i).length) {
                throw new IllegalStateException(named.getKey() + " has shape " + array.getShape() + ", expected "
                        + values.get(i).length + " values");
            }
            array.set(FloatBuffer.wrap(values.get(i)));
        }
    }

    @Override
    public String engineVersion() {
        return Engine.getEngine(ENGINE).getVersion();
    }

    @Override
    public void trainStep(Batch batch) {
        // Everything made for this batch (inputs, activations, loss) belongs to one manager, freed at the end.
        try (NDManager batchManager = trainer.getManager().newSubManager()) {
            NDArray x = images(batchManager, batch);
            NDArray y = batchManager.create(toLongs(batch.labels()), new Shape(batch.size()));
            try (GradientCollector gradients = trainer.newGradientCollector()) {
                NDList logits = trainer.forward(new NDList(x));
                gradients.backward(trainer.getLoss().evaluate(new NDList(y), logits));
            }
            trainer.step();
        }
    }

    @Override
    public int[] predict(Batch batch) {
        try (NDManager batchManager = trainer.getManager().newSubManager()) {
            NDArray logits = trainer.evaluate(new NDList(images(batchManager, batch))).singletonOrThrow();
            return logits.argMax(1).toType(DataType.INT32, false).toIntArray();
        }
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }

    private static NDArray images(NDManager manager, Batch batch) {
        return manager.create(batch.pixels(), new Shape(batch.size(), 1, SIDE, SIDE));
    }

    /** Class indices as int64, the index type PyTorch's gather (inside the loss) requires. */
    private static long[] toLongs(int[] labels) {
        long[] out = new long[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = labels[i];
        }
        return out;
    }
}
