package io.sparkcnn.peers;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Trains for a number of epochs and times each, the same way for every engine: the order is reshuffled from the
 * seed before the clock starts; the clock then covers only the batch loop (gather the batch, forward, backward,
 * update). Test accuracy is measured once at the end, outside the clock.
 */
public final class BenchmarkLoop {
    /** Test batches are larger than training ones: inference keeps no activations for a backward pass. */
    private static final int TEST_BATCH = 1000;

    private final int epochs;
    private final int batchSize;
    private final Consumer<String> progress;

    public BenchmarkLoop(int epochs, int batchSize, Consumer<String> progress) {
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.progress = progress;
    }

    public List<EpochTiming> train(PeerTrainer trainer, ImageArrays train, SplittableRandom shuffleRandom) {
        int[] order = identity(train.size());
        List<EpochTiming> timings = new ArrayList<>();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            shuffle(order, shuffleRandom);
            long cpuStart = ProcessCpu.nanos();
            long start = System.nanoTime();
            // The last batch may be short; it is trained on like the others, so every image is seen once.
            for (int from = 0; from < order.length; from += batchSize) {
                trainer.trainStep(train.gather(order, from, Math.min(order.length, from + batchSize)));
            }
            EpochTiming timing = EpochTiming.of(epoch, System.nanoTime() - start, train.size());
            double cpuSeconds = (ProcessCpu.nanos() - cpuStart) / 1e9;
            timings.add(timing);
            progress.accept(String.format("epoch %d/%d: %.1f s, %.0f images/s (process CPU %.1f s)", epoch, epochs,
                    timing.seconds(), timing.imagesPerSecond(), cpuSeconds));
        }
        return timings;
    }

    public static double accuracy(PeerTrainer trainer, ImageArrays test) {
        int correct = 0;
        for (int from = 0; from < test.size(); from += TEST_BATCH) {
            Batch batch = test.slice(from, Math.min(test.size(), from + TEST_BATCH));
            int[] predicted = trainer.predict(batch);
            for (int i = 0; i < batch.size(); i++) {
                if (predicted[i] == batch.labels()[i]) {
                    correct++;
                }
            }
        }
        return (double) correct / test.size();
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /** Fisher-Yates; continuing from the previous epoch's order keeps every epoch's order a function of the seed. */
    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }
}
