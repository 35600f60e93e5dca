package io.sparkcnn.layers.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Copies at the Java/ND4J boundary must honour views: offsets into a shared buffer, and non-dense layouts. */
class HostFloatsTest {

    @Test
    void readsAViewThatStartsInsideItsBuffer() {
        INDArray all = Nd4j.arange(0, 24).castTo(DataType.FLOAT).reshape('c', 4, 6);
        INDArray rows = all.get(NDArrayIndex.interval(2, 4), NDArrayIndex.all()); // dense, offset 12
        assertArrayEquals(new float[] {12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23}, HostFloats.read(rows, null));
    }

    @Test
    void readsAStridedViewInRowMajorOrder() {
        INDArray all = Nd4j.arange(0, 6).castTo(DataType.FLOAT).reshape('c', 2, 3);
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, HostFloats.read(all.transpose(), null));
    }

    @Test
    void writesIntoAViewWithoutTouchingTheRestOfTheBuffer() {
        INDArray all = Nd4j.zeros(DataType.FLOAT, 4, 3);
        INDArray row = all.getRow(2);
        HostFloats.write(new float[] {7, 8, 9}, row);
        assertEquals(24.0, all.sumNumber().doubleValue());
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 7, 8, 9, 0, 0, 0}, HostFloats.read(all, null));
    }
}
