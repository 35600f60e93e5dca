package io.sparkcnn.measurements;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.sparkcnn.layers.runtime.TrainingNetwork;
import io.sparkcnn.models.SeedCnn;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * What one partition of the test set's evaluation spends its time on, part by part, on one native thread (an
 * executor's share in local[2]): the network built from its configuration's JSON, the first forward pass of a fresh
 * network, a forward pass of a kept one per 64-image minibatch and per larger stacked batch, setting new parameters on
 * a kept network, DL4J's {@code Evaluation.eval} and the clipped log-loss in ND4J operations per minibatch. The forward
 * passes are timed both on a {@link TrainingNetwork} (what the evaluation builds: its inference pass skips what only
 * the last layer's output needs) and on a plain {@code MultiLayerNetwork} of the same layers, interleaved. Medians of
 * {@code rounds} (first argument, default 7) after a warm-up, in ms per call or µs per image. With a second argument,
 * only that many forward passes of 64 (a process for a profiler), on the TrainingNetwork, or on the plain network when
 * the third argument is {@code plain}.
 */
public final class EvaluationPartsTiming {
    private static final int MINIBATCHES = 48;

    private EvaluationPartsTiming() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        MultiLayerNetwork trained = ReplicaWorkload.network(SeedCnn.NAME);
        DataSet batch = ReplicaWorkload.randomMinibatch();
        for (int i = 0; i < 30; i++) {
            trained.fit(batch);
        }
        String json = trained.getLayerWiseConfigurations().toJson();
        INDArray params = trained.params().dup();
        INDArray x = batch.getFeatures();
        INDArray y = batch.getLabels();
        MultiLayerNetwork kept = build(json, params);
        MultiLayerNetwork plain = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(json));
        plain.init(params, true);
        for (int i = 0; i < 20; i++) {
            kept.output(x, false);
            plain.output(x, false);
        }
        if (args.length > 1) { // a process for a profiler: forward passes of 64 alone
            MultiLayerNetwork profiled = args.length > 2 && args[2].equals("plain") ? plain : kept;
            for (int i = 0; i < Integer.parseInt(args[1]); i++) {
                profiled.output(x, false);
            }
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add(row("fromJson + init, ms", rounds, () -> {
            long t = System.nanoTime();
            build(json, params);
            return (System.nanoTime() - t) / 1e6;
        }));
        lines.add(row("fresh network: build + first output of 64, ms", rounds, () -> {
            long t = System.nanoTime();
            build(json, params).output(x, false);
            return (System.nanoTime() - t) / 1e6;
        }));
        lines.add(row("setParams on a kept network, ms", rounds, () -> {
            long t = System.nanoTime();
            kept.setParams(params);
            return (System.nanoTime() - t) / 1e6;
        }));
        // Batch sizes interleaved within each round, so that the machine's load moves them alike; CPU time of the
        // process (the forward pass runs on this thread alone), less moved by other work than the wall clock.
        int[] stacks = {1, 4, 16};
        MultiLayerNetwork[] nets = {kept, plain};
        String[] names = {"TrainingNetwork", "plain network"};
        double[][][] cpu = new double[nets.length][stacks.length][rounds];
        double[][] ratio = new double[stacks.length][rounds];
        INDArray[] stacked = new INDArray[stacks.length];
        for (int s = 0; s < stacks.length; s++) {
            stacked[s] = Nd4j.vstack(java.util.Collections.nCopies(stacks[s], x).toArray(new INDArray[0]));
            kept.output(stacked[s], false);
            plain.output(stacked[s], false);
        }
        for (int r = 0; r < rounds; r++) {
            for (int s = 0; s < stacks.length; s++) {
                for (int k = 0; k < nets.length; k++) {
                    long t = processCpuNanos();
                    for (int i = 0; i < MINIBATCHES / stacks[s]; i++) {
                        nets[k].output(stacked[s], false);
                    }
                    cpu[k][s][r] = (processCpuNanos() - t) / 1e3 / (MINIBATCHES * 64);
                }
                ratio[s][r] = cpu[0][s][r] / cpu[1][s][r];
            }
        }
        for (int s = 0; s < stacks.length; s++) {
            for (int k = 0; k < nets.length; k++) {
                lines.add(medianRow("output, " + names[k] + ", batches of " + 64 * stacks[s] + ", CPU µs/image",
                        cpu[k][s]));
            }
            lines.add(medianRow("  TrainingNetwork / plain, same round", ratio[s]));
        }
        lines.add(String.format("%-55s %.3g", "largest |TrainingNetwork - plain| of the outputs",
                kept.output(x, false).sub(plain.output(x, false)).amaxNumber().doubleValue()));
        INDArray p = kept.output(x, false);
        lines.add(row("Evaluation.eval per 64, µs", rounds, () -> {
            Evaluation e = new Evaluation(10);
            long t = System.nanoTime();
            for (int i = 0; i < MINIBATCHES; i++) {
                e.eval(y, p);
            }
            return (System.nanoTime() - t) / 1e3 / MINIBATCHES;
        }));
        lines.add(row("log-loss in ND4J per 64, µs", rounds, () -> {
            double sum = 0;
            long t = System.nanoTime();
            for (int i = 0; i < MINIBATCHES; i++) {
                sum -= Transforms.log(Transforms.max(p, 1e-10), false).muli(y).sumNumber().doubleValue();
            }
            return (System.nanoTime() - t) / 1e3 / MINIBATCHES + 0 * sum;
        }));
        lines.forEach(System.out::println);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The network the evaluation builds on an executor. */
    private static MultiLayerNetwork build(String json, INDArray params) {
        return TrainingNetwork.withParameters(MultiLayerConfiguration.fromJson(json), params);
    }

    private static String row(String what, int rounds, Supplier<Double> once) {
        once.get();
        double[] v = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            v[r] = once.get();
        }
        return medianRow(what, v);
    }

    private static String medianRow(String what, double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return String.format("%-55s median %8.2f (min %.2f, max %.2f)", what, v[v.length / 2], v[0], v[v.length - 1]);
    }
}
