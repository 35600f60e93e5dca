package io.sparkcnn.jobs;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sparkcnn.data.PreparedShards;
import io.sparkcnn.evaluation.EpochMetrics;
import io.sparkcnn.models.ModelCatalog;
import io.sparkcnn.models.ModelDefinition;
import io.sparkcnn.models.ModelSpec;
import io.sparkcnn.output.Checkpoints;
import io.sparkcnn.replica.NativeThreads;
import io.sparkcnn.settings.TrainSettings;
import io.sparkcnn.training.DistributedTrainer;
import io.sparkcnn.training.TrainingData;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training itself, from prepared shards to the averaged network: the network built for the shards' images and
 * classes (or taken from a checkpoint), then {@link DistributedTrainer}'s epochs. {@code train} and the Spark ML
 * estimator ({@code io.sparkcnn.ml.CnnClassifier}) both train through here, so the same settings and seed on the
 * same images give the same network whichever way a user came in.
 */
public final class ShardTraining {
    private static final Logger LOG = LoggerFactory.getLogger(ShardTraining.class);

    private ShardTraining() {
    }

    /**
     * Trains the model of {@code settings} on {@code shards} for the settings' epochs. Only the model, loop,
     * averaging, augmentation and executor settings are read (the data and output settings are the caller's). The
     * per-epoch figures count the training passes' predictions, and evaluate as "test" the files {@code testFiles}
     * (the shards' test set for {@code train}).
     */
    public static Trained train(JavaSparkContext sc, TrainSettings settings, PreparedShards shards,
                                                   List<String> testFiles,
                                                   Optional<Checkpoints.Checkpoint> resume,
                                                   DistributedTrainer.EpochListener afterEpoch) {
        PreparedShards.Manifest m = shards.manifest();
        limitNativeThreadsInLocalMode(sc, settings);
        TrainingData data = new TrainingData(shards.trainUris(), m.trainImages(), testFiles, m.labelNames(),
                m.shape());
        ModelSpec spec = new ModelSpec(m.rows(), m.cols(), m.channels(), m.labelNames().size(),
                settings.model().hyper(), settings.loop().seed(), settings.model().layers());
        DistributedTrainer trainer = new DistributedTrainer(sc, settings.averaging(), settings.executor().prefetch(),
                settings.loop().seed(), settings.augmentation());
        // Read once: a Keras file is imported here, and what it decided is reported from this same reading.
        ModelDefinition model = ModelCatalog.get(settings.model().name());
        MultiLayerNetwork network = resume.map(Checkpoints.Checkpoint::network)
                .orElseGet(() -> ModelCatalog.newNetwork(model, spec));
        Map<String, Object> source = model.provenance(settings.model().hyper(), network.getLayerWiseConfigurations());
        source.forEach((key, value) -> LOG.info("model {}: {} {}", settings.model().name(), key, value));
        int firstEpoch = resume.map(c -> c.state().epoch() + 1).orElse(1);
        List<EpochMetrics> earlier = resume.map(c -> c.state().history()).orElse(List.of());
        return new Trained(trainer.train(network, data, settings.model().hyper(), firstEpoch,
                settings.loop().epochs(), earlier, afterEpoch), source);
    }

    /**
     * What training gave, and where the model came from when a file brought it ({@code keras:FILE}: the file's name
     * and md5, what it decided, which layers run fast; empty for the zoo's models).
     */
    public record Trained(DistributedTrainer.Outcome outcome, Map<String, Object> modelSource) {
    }

    /**
     * In local mode every replica is a thread of this JVM, so native threads are shared by all of them: give each
     * replica its share of the cores instead of letting each spawn one thread per core.
     */
    private static void limitNativeThreadsInLocalMode(JavaSparkContext sc, TrainSettings settings) {
        if (!sc.isLocal()) {
            return;
        }
        int replicas = settings.averaging().workers();
        int threads = settings.executor().threadsFor(Runtime.getRuntime().availableProcessors(), replicas);
        NativeThreads.limitTo(threads);
        LOG.info("local mode: {} replicas, {} native thread(s) each", replicas, threads);
    }
}
