package io.sparkcnn.models;

import java.util.ArrayList;
import java.util.List;

import io.sparkcnn.settings.SettingProblem;

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

    public Hyperparameters withOptimizer(Optimizer value) {
        return new Hyperparameters(value, learningRate, learningRateDecay, schedule, dropout, l2, weightInit,
                hiddenUnits, convFilters);
    }

    public Hyperparameters withLearningRate(double value) {
        return new Hyperparameters(optimizer, value, learningRateDecay, schedule, dropout, l2, weightInit,
                hiddenUnits, convFilters);
    }

    public Hyperparameters withLearningRateDecay(double value) {
        return new Hyperparameters(optimizer, learningRate, value, schedule, dropout, l2, weightInit, hiddenUnits,
                convFilters);
    }

    public Hyperparameters withSchedule(LearningRateSchedule value) {
        return new Hyperparameters(optimizer, learningRate, learningRateDecay, value, dropout, l2, weightInit,
                hiddenUnits, convFilters);
    }

    public Hyperparameters withDropout(double value) {
        return new Hyperparameters(optimizer, learningRate, learningRateDecay, schedule, value, l2, weightInit,
                hiddenUnits, convFilters);
    }

    public Hyperparameters withL2(double value) {
        return new Hyperparameters(optimizer, learningRate, learningRateDecay, schedule, dropout, value, weightInit,
                hiddenUnits, convFilters);
    }

    public Hyperparameters withWeightInit(WeightInitScheme value) {
        return new Hyperparameters(optimizer, learningRate, learningRateDecay, schedule, dropout, l2, value,
                hiddenUnits, convFilters);
    }

    public Hyperparameters withHiddenUnits(int value) {
        return new Hyperparameters(optimizer, learningRate, learningRateDecay, schedule, dropout, l2, weightInit,
                value, convFilters);
    }

    public Hyperparameters withConvFilters(List<Integer> value) {
        return new Hyperparameters(optimizer, learningRate, learningRateDecay, schedule, dropout, l2, weightInit,
                hiddenUnits, value);
    }

    /** Each invalid field, named as the command-line option that sets it. */
    public List<SettingProblem> problems() {
        List<SettingProblem> problems = new ArrayList<>();
        if (!(learningRate > 0 && learningRate <= 10)) {
            problems.add(new SettingProblem("learning-rate", "must be in (0, 10], was " + learningRate));
        }
        if (!(learningRateDecay > 0 && learningRateDecay <= 1)) {
            problems.add(new SettingProblem("lr-decay", "must be in (0, 1], was " + learningRateDecay));
        }
        if (!(dropout >= 0 && dropout < 1)) {
            problems.add(new SettingProblem("dropout", "must be in [0, 1), was " + dropout));
        }
        if (!(l2 >= 0 && l2 < 1)) {
            problems.add(new SettingProblem("l2", "must be in [0, 1), was " + l2));
        }
        SettingProblem.atLeast(problems, "hidden-units", hiddenUnits, 1);
        for (int filters : convFilters) {
            if (filters < 1 || filters > MAX_FILTERS) {
                problems.add(new SettingProblem("filters", "must each be in [1, " + MAX_FILTERS + "], was "
                        + convFilters));
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
