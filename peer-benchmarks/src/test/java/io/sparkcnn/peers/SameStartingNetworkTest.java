package io.sparkcnn.peers;

import java.nio.file.Files;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Both engines get the same initial weights, rearranged for TensorFlow's layouts (HWIO kernels, channel-last
 * flattening). If a rearrangement were wrong, the untrained networks would compute different functions; here they
 * must predict the same class for every test image.
 */
class SameStartingNetworkTest {

    @Test
    void untrainedEnginesPredictIdentically() {
        assumeTrue(Files.isDirectory(PeerBenchmark.FASHION_MNIST), "needs " + PeerBenchmark.FASHION_MNIST);
        ImageArrays test = BenchmarkData.read(PeerBenchmark.FASHION_MNIST, 1).test();
        Batch images = test.slice(0, 2000);
        SeedCnnWeights initial = SeedCnnWeights.initial(new SplittableRandom(7));

        int[] tensorFlow;
        try (PeerTrainer engine = PeerEngine.TENSORFLOW.create(initial, 2)) {
            tensorFlow = engine.predict(images);
        }
        int[] pyTorch;
        try (PeerTrainer engine = PeerEngine.PYTORCH.create(initial, 2)) {
            pyTorch = engine.predict(images);
        }
        assertTrue(java.util.Arrays.stream(tensorFlow).distinct().count() > 1,
                "a constant prediction would make the comparison vacuous");
        assertArrayEquals(tensorFlow, pyTorch);
    }
}
