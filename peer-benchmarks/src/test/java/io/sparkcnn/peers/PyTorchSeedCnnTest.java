package io.sparkcnn.peers;

import org.junit.jupiter.api.Test;

class PyTorchSeedCnnTest {

    @Test
    void oneShortEpochLearnsWellAboveChanceAndReportsJson() throws Exception {
        BenchmarkRun.shortFashionRun(PeerEngine.PYTORCH).assertSaneShortRun(PeerEngine.PYTORCH, "2.");
    }
}
