package io.sparkcnn.evaluation;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import org.nd4j.evaluation.classification.Evaluation;

/**
 * A part of the test set's figures, counted on an executor: DL4J's {@link Evaluation} (confusion, per-class counts)
 * and the summed cross-entropy, from the network's probabilities and the one-hot labels as Java arrays. Counted in
 * Java, one call per image: DL4J's {@code eval} on a minibatch's arrays (argmax, masks, per-class counters through
 * ND4J operations) cost ~1-2 ms a minibatch of 64 and the loss in ND4J operations ~0.2-0.8 ms, about a fifth of the
 * minibatch's forward pass (BENCHMARKS.md). When asked, it also keeps the probabilities, by partition, so that the
 * driver can put them in the order of the minibatch files (an RDD's order: partition by partition).
 */
final class TestTally implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Below this a predicted probability is clipped before its log, as DL4J's MCXENT loss does. */
    private static final double LOG_CLIP = 1e-10;

    private final Evaluation evaluation;
    private double lossSum;
    private long examples;
    /** Each partition's probabilities in the order counted; null when not kept. */
    private final TreeMap<Integer, List<float[]>> kept;
    /** The partition this tally counts (-1: probabilities not kept). */
    private final int partition;

    /** Counts without keeping the probabilities. */
    TestTally(Evaluation evaluation) {
        this.evaluation = evaluation;
        this.kept = null;
        this.partition = -1;
    }

    /** Counts, keeping the probabilities as partition {@code partition}'s. */
    TestTally(Evaluation evaluation, int partition) {
        this.evaluation = evaluation;
        this.kept = new TreeMap<>();
        this.partition = partition;
        kept.put(partition, new ArrayList<>());
    }

    /** Counts a minibatch: {@code [examples][classes]} probabilities and labels. */
    void add(float[][] probabilities, float[][] labels) {
        for (int i = 0; i < probabilities.length; i++) {
            // Ties go to the first class, as DL4J's argmax gives them.
            evaluation.eval(Predictions.argmax(probabilities[i]), Predictions.argmax(labels[i]));
            for (int k = 0; k < labels[i].length; k++) {
                if (labels[i][k] != 0) {
                    lossSum -= labels[i][k] * Math.log(Math.max(probabilities[i][k], LOG_CLIP));
                }
            }
        }
        examples += probabilities.length;
        if (kept != null) {
            kept.get(partition).addAll(Arrays.asList(probabilities));
        }
    }

    /** This tally with {@code other}'s added (this one's evaluation takes the other's counts). */
    TestTally merge(TestTally other) {
        evaluation.merge(other.evaluation);
        lossSum += other.lossSum;
        examples += other.examples;
        if ((kept == null) != (other.kept == null)) {
            throw new IllegalStateException("tallies that kept their probabilities merged with ones that did not");
        }
        if (kept != null) {
            kept.putAll(other.kept);
        }
        return this;
    }

    Evaluation evaluation() {
        return evaluation;
    }

    /** The kept probabilities, partition after partition, when every tally merged kept them. */
    Optional<float[][]> probabilities() {
        return kept == null ? Optional.empty()
                : Optional.of(kept.values().stream().flatMap(List::stream).toArray(float[][]::new));
    }

    /** The mean cross-entropy per example (NaN for none). */
    double meanLoss() {
        return lossSum / examples;
    }
}
