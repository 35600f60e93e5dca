package io.sparkcnn.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.sparkcnn.data.DataException;
import io.sparkcnn.evaluation.EpochMetrics;
import io.sparkcnn.layers.conf.FormerClassNames;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Where a run leaves its state after every epoch, so a killed run can go on: {@code .NAME.checkpoint/} beside the
 * output directory {@code NAME}, holding {@code epoch-N/} with the model and its updater state ({@code model.zip}) and
 * {@code state.json} (the epoch, the figures so far, and the command line the run was started with). Each
 * {@code epoch-N/} is written under a temporary name and renamed when complete, so the newest {@code epoch-N/} is
 * always whole; older ones are then removed. A run that publishes its output removes its checkpoints.
 *
 * <p>Nothing else needs saving: the shards, the weights' initialisation and every epoch's random choices follow
 * from the seed and the epoch number ({@link io.sparkcnn.training.ParameterAveraging#planSeed(int)}).
 */
public final class Checkpoints {
    private final Path dir;
    private final List<String> commandLine;

    private Checkpoints(Path dir, List<String> commandLine) {
        this.dir = dir;
        this.commandLine = commandLine;
    }

    /** What a checkpoint holds besides the model. */
    public record State(int epoch, List<EpochMetrics> history, List<String> commandLine) {
    }

    /** A complete checkpoint: the state and the network with its updater. */
    public record Checkpoint(State state, MultiLayerNetwork network) {
    }

    /** The checkpoints of the run writing {@code output}, started with {@code commandLine} (for --resume). */
    public static Checkpoints beside(Path output, List<String> commandLine) {
        Path abs = output.toAbsolutePath().normalize();
        return new Checkpoints(abs.resolveSibling("." + abs.getFileName() + ".checkpoint"), commandLine);
    }

    public Path directory() {
        return dir;
    }

    /**
     * Saves the state after the last epoch of {@code history}; the previous checkpoint goes once this one is
     * complete.
     */
    public void save(List<EpochMetrics> history, MultiLayerNetwork network) {
        int epoch = history.get(history.size() - 1).epoch();
        Path partial = null;
        try {
            Files.createDirectories(dir);
            partial = Files.createTempDirectory(dir, "partial-");
            ModelSerializer.writeModel(network, partial.resolve("model.zip").toFile(), true);
            StagedOutput.JSON.writeValue(partial.resolve("state.json").toFile(),
                    new State(epoch, List.copyOf(history), commandLine));
            Path complete = dir.resolve(String.format("epoch-%04d", epoch));
            StagedOutput.deleteTree(complete);
            Files.move(partial, complete, StandardCopyOption.ATOMIC_MOVE);
            for (Path older : epochDirs()) {
                if (!older.equals(complete)) {
                    StagedOutput.deleteTree(older);
                }
            }
        } catch (IOException e) {
            if (partial != null) {
                StagedOutput.deleteTree(partial); // half a checkpoint (a full disk): the previous one stays the newest
            }
            throw new UncheckedIOException("cannot write checkpoint under " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The newest complete checkpoint, if any. */
    public Optional<Checkpoint> latest() {
        List<Path> epochs = epochDirs();
        if (epochs.isEmpty()) {
            return Optional.empty();
        }
        Path newest = epochs.get(epochs.size() - 1);
        try {
            State state = StagedOutput.JSON.readValue(newest.resolve("state.json").toFile(), State.class);
            FormerClassNames.install(); // checkpoints saved before the fast layers moved package
            MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(newest.resolve("model.zip").toFile(),
                    true);
            return Optional.of(new Checkpoint(state, network));
        } catch (IOException | RuntimeException e) {
            throw new DataException("checkpoint " + newest + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** Removes every checkpoint (the run's outputs are published). */
    public void clear() {
        StagedOutput.deleteTree(dir);
    }

    private List<Path> epochDirs() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("epoch-\\d{4}"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + dir + ": " + e.getMessage(), e);
        }
    }
}
