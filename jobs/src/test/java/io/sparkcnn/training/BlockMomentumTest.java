package io.sparkcnn.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The averaging rules, value by value: known replica states in, known network state out (every value exactly
 * representable, so the expected figures are exact in float).
 */
class BlockMomentumTest {

    /** Two rounds of two replicas, Nesterov block momentum 0.5, block learning rate 1, loaded into a network. */
    @Test
    void nesterovBlockMomentumMovesTheNetworkToTheLookAheadPoint() {
        MultiLayerNetwork network = tinyNetwork(); // 2x2 weights and 2 biases; Adam: 12 state values
        float[] start = {1, 1, -1, 0, 0, 0};
        network.setParams(org.nd4j.linalg.factory.Nd4j.create(start, new long[] {1, 6}, 'c'));
        AveragingRule rule = new BlockMomentum(0.5, 1, true);
        rule.begin(NetworkState.floats(network.params()));

        // Round 1: replicas' mean {2, 2, -2, 1, 0.5, -0.5}, so d = {1, 1, -1, 1, 0.5, -0.5} = v;
        // x' = x + v + 0.5 v.
        StateSum round1 = StateSum.of(new float[] {1, 2, -4, 0.5f, 0, -1}, adamState(2), 0.75)
                .merge(StateSum.of(new float[] {3, 2, 0, 1.5f, 1, 0}, adamState(4), 0.25));
        StateSum next = rule.next(round1);
        next.loadMeanInto(network);
        assertArrayEquals(new float[] {2.5f, 2.5f, -2.5f, 1.5f, 0.75f, -0.75f}, NetworkState.floats(network.params()));
        assertArrayEquals(adamState(3), NetworkState.floats(network.getUpdater().getStateViewArray()),
                "Adam's moments are the replicas' mean");
        assertEquals(0.5, next.meanLoss());

        // Round 2, from x' (every replica started there): mean {3.5, 2.5, -2.5, 0.5, 0.75, -0.75}, d = {1, 0, 0, -1,
        // 0, 0}; v = 0.5 {1, 1, -1, 1, 0.5, -0.5} + d = {1.5, 0.5, -0.5, -0.5, 0.25, -0.25}; x'' = x' + 1.5 v.
        StateSum round2 = StateSum.of(new float[] {3, 2, -2, 0, 0.75f, -0.75f}, adamState(1), 1)
                .merge(StateSum.of(new float[] {4, 3, -3, 1, 0.75f, -0.75f}, adamState(1), 1));
        rule.next(round2).loadMeanInto(network);
        assertArrayEquals(new float[] {4.75f, 3.25f, -3.25f, 0.75f, 1.125f, -1.125f},
                NetworkState.floats(network.params()));
        assertArrayEquals(adamState(1), NetworkState.floats(network.getUpdater().getStateViewArray()));
    }

    /** Classic block momentum starts the next round at x + v; the momentum carries over to the next epoch. */
    @Test
    void classicBlockMomentumAddsTheFilteredUpdate() {
        AveragingRule rule = new BlockMomentum(0.5, 2, false);
        rule.begin(new float[] {0, 4});
        // mean {1, 2}: d = {1, -2}; v = 2 d = {2, -4}; x' = {2, 0}
        StateSum first = rule.next(StateSum.of(new float[] {1, 2}, null, 0));
        assertArrayEquals(new float[] {2, 0}, first.meanParameters());
        assertEquals(1, first.count());

        rule.begin(new float[] {2, 0}); // the next epoch starts where the last ended
        // mean {2, 1}: d = {0, 1}; v = 0.5 {2, -4} + 2 d = {1, 0}; x'' = {3, 0}
        StateSum second = rule.next(StateSum.of(new float[] {4, 2}, null, 0).merge(StateSum.of(new float[] {0, 0},
                null, 0)));
        assertArrayEquals(new float[] {3, 0}, second.meanParameters());
    }

    /** A job that failed and runs again starts from the rule's state before it: its averagings never happened. */
    @Test
    void rewindForgetsTheAveragingsSinceTheMark() {
        AveragingRule rule = new BlockMomentum(0.5, 2, false);
        rule.begin(new float[] {0, 4});
        rule.next(StateSum.of(new float[] {1, 2}, null, 0)); // v = {2, -4}, x' = {2, 0}, as above
        rule.mark();
        rule.next(StateSum.of(new float[] {7, -7}, null, 0)); // the failed job's round
        rule.rewind();
        // from x' = {2, 0} with v = {2, -4}: mean {2, 1}: d = {0, 1}; v = {1, 0}; x'' = {3, 0}
        assertArrayEquals(new float[] {3, 0}, rule.next(StateSum.of(new float[] {2, 1}, null, 0)).meanParameters());
    }

    /** Plain averaging hands back the sum itself: the replicas' mean, loaded exactly as before. */
    @Test
    void plainAveragingIsTheSumItselfAndTheRuleForOneWorker() {
        StateSum sum = StateSum.of(new float[] {1, 2}, null, 0).merge(StateSum.of(new float[] {2, 2}, null, 0));
        assertSame(sum, AveragingRule.plain().next(sum));
        assertSame(AveragingRule.plain(), AveragingRule.forWorkers(1));
        assertEquals("plain averaging", AveragingRule.forWorkers(8).describe()); // unless a property says otherwise
    }

    @Test
    void blockMomentumNeedsTheRoundsStart() {
        assertThrows(IllegalStateException.class, () -> new BlockMomentum(0.5, 1, true)
                .next(StateSum.of(new float[] {1}, null, 0)));
        assertThrows(IllegalArgumentException.class, () -> new BlockMomentum(1, 1, true));
    }

    /** Adam's state for 6 parameters (first and second moments), every value {@code value}. */
    private static float[] adamState(float value) {
        float[] state = new float[12];
        java.util.Arrays.fill(state, value);
        return state;
    }

    private static MultiLayerNetwork tinyNetwork() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-3)).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(2).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        network.initGradientsView();
        return network;
    }
}
