package io.sparkcnn.measurements;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

import io.sparkcnn.layers.runtime.TrainingNetwork;
import io.sparkcnn.models.SeedCnn;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a replica's step goes, layer by layer: each layer's forward pass and backprop called one after the other on
 * one minibatch of 64 (as {@code MultiLayerNetwork} calls them, preprocessors included), timed separately, medians
 * over the rounds; then whole training steps ({@code fit}) of the same network for comparison. Called one by one, the
 * layers write every array and compute every gradient: the savings a training step allows (docs/fast-layers.md,
 * "Fewer passes over memory between layers") do not apply here, and the optimiser's update is not in the layer sums.
 * Arguments: model name (default {@code cnn}), rounds (default 200), and {@code cpu} to time each layer by the
 * calling thread's CPU time instead of the wall clock: with {@code OMP_NUM_THREADS=1} the layers run on that thread
 * alone, and its CPU time is the figure least moved by other work on the machine.
 */
public final class LayerTimes {
    private static final String WORKSPACE = "LAYER_TIMES";
    private static final WorkspaceConfiguration WORKSPACE_CONFIG = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.STRICT).policyLearning(LearningPolicy.FIRST_LOOP)
            .policyReset(ResetPolicy.BLOCK_LEFT).policySpill(SpillPolicy.REALLOCATE).build();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static boolean threadCpu;

    private LayerTimes() {
    }

    public static void main(String[] args) {
        String model = args.length > 0 ? args[0] : SeedCnn.NAME;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        threadCpu = args.length > 2 && args[2].equals("cpu");
        MultiLayerNetwork net = ReplicaWorkload.network(model);
        DataSet batch = ReplicaWorkload.randomMinibatch();
        for (int i = 0; i < 100; i++) {
            net.fit(batch);
        }
        Layer[] layers = net.getLayers();
        long[][] forward = new long[layers.length][rounds];
        long[][] backward = new long[layers.length][rounds];
        // One workspace for every array, opened per round as DL4J opens its own per step: without it each array is a
        // fresh off-heap allocation, whose page faults the layers' own work would be charged for.
        LayerWorkspaceMgr.Builder builder = LayerWorkspaceMgr.builder();
        for (ArrayType type : ArrayType.values()) {
            builder.with(type, WORKSPACE, WORKSPACE_CONFIG);
        }
        LayerWorkspaceMgr mgr = builder.build();
        long minibatch = batch.getFeatures().size(0);
        for (int round = 0; round < rounds; round++) {
            int r = round;
            ((TrainingNetwork) net).runAsTrainingStep(() -> timeLayers(net, batch, mgr, forward, backward, r));
        }

        double forwardSum = 0, backwardSum = 0;
        System.out.printf("%-3s %-32s %12s %12s%n", "", (threadCpu ? "layer (µs of thread CPU" : "layer (µs")
                + " per minibatch of 64)", "forward", "backprop");
        for (int i = 0; i < layers.length; i++) {
            double f = median(forward[i]) / 1e3, b = median(backward[i]) / 1e3;
            forwardSum += f;
            backwardSum += b;
            System.out.printf("%-3d %-32s %12.0f %12.0f%n", i, describe(layers[i]), f, b);
        }
        System.out.printf("    %-32s %12.0f %12.0f%n", "sum", forwardSum, backwardSum);
        long[] steps = new long[rounds];
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            net.fit(batch);
            steps[round] = System.nanoTime() - start;
        }
        double step = median(steps) / 1e3;
        System.out.printf("training step (fit), median: %.0f µs, %.0f images/s%n", step, minibatch / step * 1e6);
    }

    /** One forward pass and backprop, layer by layer, each layer's times stored at {@code round}. */
    private static void timeLayers(MultiLayerNetwork net, DataSet batch, LayerWorkspaceMgr mgr, long[][] forward,
                                   long[][] backward, int round) {
        Layer[] layers = net.getLayers();
        long minibatch = batch.getFeatures().size(0);
        MemoryWorkspace workspace = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE_CONFIG, WORKSPACE);
        INDArray x = batch.getFeatures();
        for (int i = 0; i < layers.length; i++) {
            InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
            long start = now();
            INDArray in = pre == null ? x : pre.preProcess(x, (int) minibatch, mgr);
            layers[i].setInput(in, mgr);
            // As in DL4J's training step, the output layer's forward pass is part of its backprop.
            if (i < layers.length - 1) {
                x = layers[i].activate(true, mgr);
            }
            forward[i][round] = now() - start;
        }
        ((IOutputLayer) layers[layers.length - 1]).setLabels(batch.getLabels());
        INDArray epsilon = null;
        for (int i = layers.length - 1; i >= 0; i--) {
            long start = now();
            epsilon = layers[i].backpropGradient(epsilon, mgr).getSecond();
            InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
            if (pre != null && epsilon != null) {
                epsilon = pre.backprop(epsilon, (int) minibatch, mgr);
            }
            backward[i][round] = now() - start;
        }
        workspace.close();
    }

    /** Nanoseconds on the clock the layers are timed by. */
    private static long now() {
        return threadCpu ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static String describe(Layer layer) {
        String shape = layer.input() == null ? "" : " " + shapeOf(layer.input());
        return layer.getClass().getSimpleName() + shape;
    }

    private static String shapeOf(INDArray a) {
        long[] s = a.shape();
        List<String> parts = new ArrayList<>();
        for (int d = 1; d < s.length; d++) {
            parts.add(Long.toString(s[d]));
        }
        return String.join("x", parts);
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
