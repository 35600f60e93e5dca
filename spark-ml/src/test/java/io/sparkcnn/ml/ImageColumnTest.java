package io.sparkcnn.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import io.sparkcnn.data.ImageShape;
import org.apache.spark.ml.image.ImageSchema;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import scala.collection.JavaConverters;

/** Every form of image column gives the same channel planes; colours are converted as the model needs. */
class ImageColumnTest {
    private static final ImageShape GRAY_2X1 = new ImageShape(2, 1, 1);
    private static final ImageShape RGB_2X1 = new ImageShape(2, 1, 3);

    /** Spark's image struct of a 2x1 picture with {@code channels} interleaved values per pixel (OpenCV order). */
    private static Row imageStruct(int channels, byte... data) {
        Row image = new GenericRowWithSchema(new Object[] {"file:/x.png", 2, 1, channels, 0, data},
                ImageSchema.columnSchema());
        return RowFactory.create(image);
    }

    /** A row holding {@code values} as Spark holds an array column. */
    private static Row arrayRow(List<?> values) {
        return RowFactory.create(JavaConverters.asScalaBuffer(values));
    }

    @Test
    void imageStructsBecomeRgbPlanesOrGrayByLuminance() {
        // Two pixels, BGR: (b=10, g=20, r=30) and (b=40, g=50, r=60).
        Row bgr = imageStruct(3, (byte) 10, (byte) 20, (byte) 30, (byte) 40, (byte) 50, (byte) 60);
        ImageColumn column = new ImageColumn("image", 0, 0, 0);
        assertArrayEquals(new byte[] {30, 60, 20, 50, 10, 40},
                column.pixels(ImageColumn.Kind.IMAGE_STRUCT, bgr, 0, RGB_2X1, "x"), "red, green, blue planes");
        long first = Math.round(0.299 * 30 + 0.587 * 20 + 0.114 * 10);
        long second = Math.round(0.299 * 60 + 0.587 * 50 + 0.114 * 40);
        assertArrayEquals(new byte[] {(byte) first, (byte) second},
                column.pixels(ImageColumn.Kind.IMAGE_STRUCT, bgr, 0, GRAY_2X1, "x"), "luminance");
        Row gray = imageStruct(1, (byte) 7, (byte) 9);
        assertArrayEquals(new byte[] {7, 9, 7, 9, 7, 9},
                column.pixels(ImageColumn.Kind.IMAGE_STRUCT, gray, 0, RGB_2X1, "x"), "gray fills every plane");
        Row bgra = imageStruct(4, (byte) 10, (byte) 20, (byte) 30, (byte) 255, (byte) 40, (byte) 50, (byte) 60, (byte) 0);
        assertArrayEquals(new byte[] {30, 60, 20, 50, 10, 40},
                column.pixels(ImageColumn.Kind.IMAGE_STRUCT, bgra, 0, RGB_2X1, "x"), "alpha dropped");
        assertEquals(new ImageShape(2, 1, 3), column.shape(ImageColumn.Kind.IMAGE_STRUCT, bgr, 0, "x"));
        assertEquals(GRAY_2X1, new ImageColumn("image", 0, 0, 1).shape(ImageColumn.Kind.IMAGE_STRUCT, bgr, 0, "x"));
    }

    @Test
    void flatColumnsHoldInterleavedPixelsAndArraysAreQuantisedLikeTrainingImages() {
        ImageColumn rgb = new ImageColumn("image", 2, 1, 3);
        Row binary = RowFactory.create((Object) new byte[] {30, 20, 10, 60, 50, 40});
        assertArrayEquals(new byte[] {30, 60, 20, 50, 10, 40}, rgb.pixels(ImageColumn.Kind.BINARY, binary, 0, RGB_2X1,
                "x"), "RGB interleaved to planes");

        ImageColumn gray = new ImageColumn("image", 0, 0, 0);
        byte[] expected = {0, (byte) 128, (byte) 255, 51};
        Row floats = arrayRow(List.of(0f, 128 / 255f, 1f, 0.2f));
        Row doubles = arrayRow(List.of(0.0, 128 / 255.0, 1.0, 0.2));
        Row vector = RowFactory.create(Vectors.dense(0.0, 128 / 255.0, 1.0, 0.2));
        ImageShape square = gray.shape(ImageColumn.Kind.FLOAT_ARRAY, floats, 0, "x");
        assertEquals(new ImageShape(2, 2, 1), square, "4 values: a 2x2 gray image");
        assertArrayEquals(expected, gray.pixels(ImageColumn.Kind.FLOAT_ARRAY, floats, 0, square, "x"));
        assertArrayEquals(expected, gray.pixels(ImageColumn.Kind.DOUBLE_ARRAY, doubles, 0, square, "x"));
        assertArrayEquals(expected, gray.pixels(ImageColumn.Kind.VECTOR, vector, 0, square, "x"));
    }

    @Test
    void kindsByColumnType() {
        StructType schema = new StructType().add("b", DataTypes.BinaryType)
                .add("f", DataTypes.createArrayType(DataTypes.FloatType))
                .add("v", org.apache.spark.ml.linalg.SQLDataTypes.VectorType());
        assertEquals(ImageColumn.Kind.BINARY, new ImageColumn("b", 0, 0, 0).kind(schema));
        assertEquals(ImageColumn.Kind.FLOAT_ARRAY, new ImageColumn("f", 0, 0, 0).kind(schema));
        assertEquals(ImageColumn.Kind.VECTOR, new ImageColumn("v", 0, 0, 0).kind(schema));
        assertEquals(ImageColumn.Kind.IMAGE_STRUCT, new ImageColumn("image", 0, 0, 0).kind(ImageSchema.imageSchema()));
    }
}
