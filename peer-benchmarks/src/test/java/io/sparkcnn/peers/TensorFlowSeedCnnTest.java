package io.sparkcnn.peers;

import org.junit.jupiter.api.Test;

class TensorFlowSeedCnnTest {

    @Test
    void oneShortEpochLearnsWellAboveChanceAndReportsJson() throws Exception {
        BenchmarkRun.shortFashionRun(PeerEngine.TENSORFLOW).assertSaneShortRun(PeerEngine.TENSORFLOW, "2.");
    }
}
