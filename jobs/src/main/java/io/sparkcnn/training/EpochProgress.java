package io.sparkcnn.training;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar for one epoch, advanced once per averaging round, showing the running training loss, the training
 * accuracy so far in the epoch and the replicas' drift; it keeps each round's loss, drift and count of the training
 * passes' right predictions for the epoch's figures, by round, so that the rounds of a Spark job that failed and ran
 * again count once, with their figures from the try that succeeded. Rounds
 * averaged within a Spark job are reported from Spark's RPC thread ({@link AveragingCoordinator}), hence the locking.
 * Written to standard error so that standard output stays clean for results.
 */
final class EpochProgress implements RoundListener, AutoCloseable {
    private final ProgressBar bar;
    /** Each round's figures, by round. */
    private final SortedMap<Integer, Round> byRound = new TreeMap<>();

    private record Round(double meanLoss, double drift, CorrectCount trained) {
    }

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
    public synchronized void roundDone(int round, int totalRounds, double meanLoss, ReplicaDrift drift,
                                       CorrectCount trained) {
        if (bar.getMax() != totalRounds) {
            bar.maxHint(totalRounds);
        }
        byRound.put(round, new Round(meanLoss, drift.relative(), trained));
        bar.stepTo(round);
        bar.setExtraMessage(String.format(" loss %.4f, accuracy %.4f, drift %.2f%%", meanLoss, trainingAccuracy(),
                100 * drift.relative()));
    }

    /**
     * The training accuracy so far in the epoch: the share of right predictions in the training passes of the
     * minibatches fitted so far (NaN before any, or when the replicas did not count).
     */
    synchronized double trainingAccuracy() {
        return byRound.values().stream().map(Round::trained).reduce(CorrectCount.NONE, CorrectCount::plus).accuracy();
    }

    /** Each round's drift so far, as a fraction of the weights' norm ({@link ReplicaDrift#relative}), in order. */
    synchronized List<Double> drifts() {
        return byRound.values().stream().map(Round::drift).toList();
    }

    /** Mean of the rounds' losses so far. */
    synchronized double meanLoss() {
        double sum = 0;
        for (Round r : byRound.values()) {
            sum += r.meanLoss();
        }
        return byRound.isEmpty() ? Double.NaN : sum / byRound.size();
    }

    @Override
    public void close() {
        bar.close();
    }
}
