package io.sparkcnn.training;

import java.io.Serializable;

/**
 * How many of the training pass's predictions were right: the class the network gave the highest score to, on each
 * example of the minibatches the replicas trained on, with the weights of that minibatch's step (before its update).
 * Summed over the replicas and the rounds, it is the training accuracy during an epoch, at no extra forward pass.
 *
 * @param correct  predictions that were the example's label
 * @param examples examples predicted
 */
public record CorrectCount(long correct, long examples) implements Serializable {
    public static final CorrectCount NONE = new CorrectCount(0, 0);

    public CorrectCount plus(CorrectCount other) {
        return new CorrectCount(correct + other.correct, examples + other.examples);
    }

    /** The share of correct predictions (NaN when nothing was predicted). */
    public double accuracy() {
        return examples == 0 ? Double.NaN : (double) correct / examples;
    }
}
