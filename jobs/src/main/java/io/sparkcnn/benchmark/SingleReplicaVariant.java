package io.sparkcnn.benchmark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import io.sparkcnn.benchmark.results.EpochTiming;
import io.sparkcnn.benchmark.results.RunResult;
import io.sparkcnn.data.ImageShape;
import io.sparkcnn.models.Hyperparameters;
import io.sparkcnn.models.LayerImplementation;
import io.sparkcnn.models.ModelCatalog;
import io.sparkcnn.models.ModelSpec;
import io.sparkcnn.replica.NativeThreads;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica in this JVM, no Spark: {@code MultiLayerNetwork.fit} on the benchmark's in-memory minibatches with
 * all the machine's cores as native threads. What parameter averaging is compared with. Before it is timed, a
 * throw-away network of the same model fits a few minibatches (workspaces, first calls; the JVM as a whole is warmed
 * by the benchmark's warm-up round); the measured network then trains from fresh weights, with the model's
 * learning-rate schedule and a seeded shuffle of the minibatches each epoch.
 */
final class SingleReplicaVariant implements Variant {
    private static final Logger LOG = LoggerFactory.getLogger(SingleReplicaVariant.class);
    /** Minibatches the throw-away network fits before every timed run (its workspaces, the first calls). */
    static final int WARMUP_BATCHES = 5;
    private final String model;
    private final LayerImplementation layers;
    private final int threads;

    SingleReplicaVariant(String model, LayerImplementation layers, int threads) {
        this.model = model;
        this.layers = layers;
        this.threads = threads;
    }

    @Override
    public Info info() {
        return new Info(model + "/" + layers.cliName() + "/single", model + " " + layers.cliName()
                + " single replica (" + threads + " threads)", Kind.SINGLE_REPLICA, model, layers.cliName(), 1,
                threads);
    }

    @Override
    public RunResult run(BenchmarkContext context, int repeat) {
        BenchmarkSettings settings = context.settings();
        List<DataSet> batches = context.trainBatches();
        Hyperparameters hyper = ModelCatalog.get(model).defaults();
        ImageShape shape = context.train().shape();
        ModelSpec spec = new ModelSpec(shape.rows(), shape.cols(), shape.channels(), context.train().numClasses(),
                hyper, settings.loop().seed(), layers);
        NativeThreads.limitTo(threads);

        MultiLayerNetwork warmup = ModelCatalog.newNetwork(model, spec);
        for (int i = 0; i < WARMUP_BATCHES; i++) {
            warmup.fit(batches.get(i % batches.size()));
        }

        try (MemoryWatch memory = MemoryWatch.start()) {
            MultiLayerNetwork network = ModelCatalog.newNetwork(model, spec);
            List<EpochTiming> epochs = new ArrayList<>();
            for (int epoch = 1; epoch <= settings.loop().epochs(); epoch++) {
                network.setLearningRate(hyper.learningRateAt(epoch, settings.loop().epochs()));
                List<Integer> order = IntStream.range(0, batches.size()).boxed().collect(
                        java.util.stream.Collectors.toCollection(ArrayList::new));
                Collections.shuffle(order, new Random(settings.loop().seed() * 1_000_003L + epoch));
                long fitNanos = 0;
                long start = System.nanoTime();
                for (int b : order) {
                    long fitStart = System.nanoTime();
                    network.fit(batches.get(b));
                    Nd4j.getExecutioner().commit();
                    fitNanos += System.nanoTime() - fitStart;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                EpochTiming timing = EpochTiming.of(epoch, seconds, context.trainImages(), fitNanos / 1e9);
                LOG.info(String.format("%s, repeat %d, epoch %d: %.1f s, %.0f images/s", info().label(), repeat, epoch,
                        seconds, timing.imagesPerSecond()));
                epochs.add(timing);
            }
            MemoryWatch.Peak peak = memory.stop();
            double accuracy = context.testAccuracy(network);
            return new RunResult(info().id(), repeat, epochs, context.trainImages(), accuracy, peak.rssMiB(),
                    peak.rssSource(), peak.heapMiB(), null, null, null);
        }
    }
}
