package io.sparkcnn.peers;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ResultJsonTest {

    @Test
    void oneLineInTheDocumentedOrderWithTheMedianEpoch() {
        BenchmarkResult result = new BenchmarkResult("tensorflow", "2.16.2", 2, 64, 60000,
                List.of(new EpochTiming(1, 30.0, 2000.0), new EpochTiming(2, 20.0, 3000.0),
                        new EpochTiming(3, 24.0, 2500.0)),
                0.87654, 1234.56);
        assertEquals("{\"engine\":\"tensorflow\",\"engineVersion\":\"2.16.2\",\"threads\":2,\"batchSize\":64,"
                + "\"trainImages\":60000,\"epochs\":[{\"epoch\":1,\"seconds\":30.0,\"imagesPerSecond\":2000.0},"
                + "{\"epoch\":2,\"seconds\":20.0,\"imagesPerSecond\":3000.0},"
                + "{\"epoch\":3,\"seconds\":24.0,\"imagesPerSecond\":2500.0}],"
                + "\"medianImagesPerSecond\":2500.0,\"testAccuracy\":0.8765,\"peakRssMiB\":1234.6}",
                ResultJson.line(result));
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        BenchmarkResult result = new BenchmarkResult("pytorch", "2.7.1", 2, 64, 100,
                List.of(new EpochTiming(1, 1, 100), new EpochTiming(2, 1, 300)), 0.5, 1);
        assertEquals(200, result.medianImagesPerSecond(), 1e-12);
    }
}
