package io.sparkcnn.models;

import java.util.ArrayList;
import java.util.List;

/**
 * How a network learns, apart from its architecture and the data.
 *
 * @param optimizer         how gradients become updates
 * @param learningRate      the optimizer's step size in the first epoch
 * @param learningRateDecay the learning rate is multiplied by this after every epoch (1: constant), under the
 *                          exponential schedule
 * @param schedule          how the learning rate changes from epoch to epoch
 * @param dropout           fraction of activations dropped before each dense layer while training (0: none)
 * @param l2                L2 penalty on the weights (0: none)
 * @param weightInit        how weights start
 * @param hiddenUnits       width of the hidden dense layer of the {@code mlp}, {@code cnn} and {@code cnn-bn}
 * @param convFilters       filters of each convolution, in order (empty for a model without convolutions): the
 *                          network's capacity, the one architectural knob a course wants to turn
 */
public record Hyperparameters(Optimizer optimizer, double learningRate, double learningRateDecay,
                              LearningRateSchedule schedule, double dropout,
                              double l2, WeightInitScheme weightInit, int hiddenUnits, List<Integer> convFilters) {

    /** The most filters a convolution may have: far beyond what 28x28 images need, so a typo is caught. */
    public static final int MAX_FILTERS = 1024;

    public Hyperparameters {
        convFilters = List.copyOf(convFilters);
    }

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
        for (int filters : convFilters) {
            if (filters < 1 || filters > MAX_FILTERS) {
                problems.add("--filters must each be in [1, " + MAX_FILTERS + "], was " + convFilters);
                break;
            }
        }
        return problems;
    }

    /** Filters of the (0-based) convolution. */
    public int filters(int convolution) {
        return convFilters.get(convolution);
    }

    /** The learning rate of a (1-based) epoch of a run of {@code epochs}, under the schedule. */
    public double learningRateAt(int epoch, int epochs) {
        return schedule.rateAt(learningRate, learningRateDecay, epoch, epochs);
    }
}
