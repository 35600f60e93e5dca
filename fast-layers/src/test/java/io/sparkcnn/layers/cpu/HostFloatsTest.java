package io.sparkcnn.layers.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;

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

    @Test
    void givesAColumnMajorViewInsideItsBufferAsItsTransposeRowMajor() {
        // As DL4J keeps a dense layer's weights: an 'f'-order view of part of the flat parameter vector.
        INDArray flat = Nd4j.arange(0, 30).castTo(DataType.FLOAT).reshape('c', 1, 30);
        INDArray w = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(6, 30)).reshape('f', 4, 6);
        assertTrue(HostFloats.isDenseColumnMajor(w));
        assertFalse(HostFloats.isDenseRowMajor(w));
        FloatBuffer transposed = HostFloats.transposedBuffer(w);
        float[] got = new float[24];
        transposed.get(0, got, 0, 24);
        assertArrayEquals(HostFloats.read(w.transpose(), null), got);
        assertEquals(6f, got[0]);
    }

    @Test
    void refusesARowMajorArrayAsColumnMajor() {
        INDArray rows = Nd4j.create(DataType.FLOAT, new long[] {2, 3}, 'c');
        assertFalse(HostFloats.isDenseColumnMajor(rows));
        assertTrue(HostFloats.isDenseColumnMajor(Nd4j.create(DataType.FLOAT, new long[] {1, 3}, 'c')));
        assertThrows(IllegalArgumentException.class, () -> HostFloats.transposedBuffer(rows));
    }
}
