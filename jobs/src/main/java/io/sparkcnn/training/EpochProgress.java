package io.sparkcnn.training;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar for one epoch, advanced once per averaging round, showing the running training loss and the
 * replicas' drift; it keeps each round's loss and drift for the epoch's figures, by round, so that the rounds of a
 * Spark job that failed and ran again count once, with their figures from the try that succeeded. Rounds
 * averaged within a Spark job are reported from Spark's RPC thread ({@link AveragingCoordinator}), hence the locking.
 * Written to standard error so that standard output stays clean for results.
 */
final class EpochProgress implements RoundListener, AutoCloseable {
    private final ProgressBar bar;
    /** Round -> {mean loss, relative drift}. */
    private final SortedMap<Integer, double[]> byRound = new TreeMap<>();

    EpochProgress(int epoch, int epochs) {
        this.bar = new ProgressBarBuilder()
                .setTaskName(String.format("epoch %d/%d", epoch, epochs))
                .setUnit(" rounds", 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(500)
                .showSpeed()
                .build();
    }

    @Override
    public synchronized void roundDone(int round, int totalRounds, double meanLoss, ReplicaDrift drift) {
        if (bar.getMax() != totalRounds) {
            bar.maxHint(totalRounds);
        }
        byRound.put(round, new double[] {meanLoss, drift.relative()});
        bar.stepTo(round);
        bar.setExtraMessage(String.format(" loss %.4f, drift %.2f%%", meanLoss, 100 * drift.relative()));
    }

    /** Each round's drift so far, as a fraction of the weights' norm ({@link ReplicaDrift#relative}), in order. */
    synchronized List<Double> drifts() {
        return byRound.values().stream().map(r -> r[1]).toList();
    }

    /** Mean of the rounds' losses so far. */
    synchronized double meanLoss() {
        double sum = 0;
        for (double[] r : byRound.values()) {
            sum += r[0];
        }
        return byRound.isEmpty() ? Double.NaN : sum / byRound.size();
    }

    @Override
    public void close() {
        bar.close();
    }
}
