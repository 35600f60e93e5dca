package io.sparkcnn.models;

import java.util.ArrayList;
import java.util.List;

/**
 * How a network learns, apart from its architecture and the data.
 *
 * @param optimizer         how gradients become updates
 * @param learningRate      the optimizer's step size in the first epoch
 * @param learningRateDecay the learning rate is multiplied by this after every epoch (1: constant)
 * @param dropout           fraction of activations dropped before each dense layer while training (0: none)
 * @param l2                L2 penalty on the weights (0: none)
 * @param weightInit        how weights start
 * @param hiddenUnits       width of the hidden layer of the {@code mlp}
 */
public record Hyperparameters(Optimizer optimizer, double learningRate, double learningRateDecay, double dropout,
                              double l2, WeightInitScheme weightInit, int hiddenUnits) {

    /** Each problem names the command-line option that sets the field. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!(learningRate > 0 && learningRate <= 10)) {
            problems.add("--learning-rate must be in (0, 10], was " + learningRate);
        }
        if (!(learningRateDecay > 0 && learningRateDecay <= 1)) {
            problems.add("--lr-decay must be in (0, 1], was " + learningRateDecay);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            problems.add("--dropout must be in [0, 1), was " + dropout);
        }
        if (!(l2 >= 0 && l2 < 1)) {
            problems.add("--l2 must be in [0, 1), was " + l2);
        }
        if (hiddenUnits < 1) {
            problems.add("--hidden-units must be at least 1, was " + hiddenUnits);
        }
        return problems;
    }

    /** The learning rate of a (1-based) epoch under the decay schedule. */
    public double learningRateAt(int epoch) {
        return learningRate * Math.pow(learningRateDecay, epoch - 1);
    }
}
