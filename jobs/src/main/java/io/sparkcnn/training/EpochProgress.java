package io.sparkcnn.training;

import java.util.ArrayList;
import java.util.List;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar for one epoch, advanced once per averaging round, showing the running training loss and the
 * replicas' drift; it keeps each round's drift for the epoch's figures. Rounds
 * averaged within a Spark job are reported from Spark's RPC thread ({@link AveragingCoordinator}), hence the locking.
 * Written to standard error so that standard output stays clean for results.
 */
final class EpochProgress implements RoundListener, AutoCloseable {
    private final ProgressBar bar;
    private final List<Double> drifts = new ArrayList<>();
    private double lossSum;
    private int rounds;

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
        lossSum += meanLoss;
        rounds++;
        bar.stepTo(round);
        drifts.add(drift.relative());
        bar.setExtraMessage(String.format(" loss %.4f, drift %.2f%%", meanLoss, 100 * drift.relative()));
    }

    /** Each round's drift so far, as a fraction of the weights' norm ({@link ReplicaDrift#relative}), in order. */
    synchronized List<Double> drifts() {
        return List.copyOf(drifts);
    }

    /** Mean of the rounds' losses so far. */
    synchronized double meanLoss() {
        return rounds == 0 ? Double.NaN : lossSum / rounds;
    }

    @Override
    public void close() {
        bar.close();
    }
}
