package io.sparkcnn.ml;

import java.io.Serializable;
import java.util.List;

import io.sparkcnn.data.DataException;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one image column, whatever form the images come in, as the 8-bit gray pixels (row-major) the networks are
 * trained on: Spark's image struct ({@code spark.read.format("image")}, its size in each row), a binary column of
 * pixels, or an array of float/double or an ml Vector of pixels in [0, 1] (quantised to 8 bits, as every training
 * image is, so that training and scoring see the same values). Flat columns hold images of {@code height x width},
 * or square images when those are 0.
 */
public final class ImageColumn implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final List<String> IMAGE_FIELDS = List.of("origin", "height", "width", "nChannels", "data");

    /** How the column stores its images. */
    enum Kind { IMAGE_STRUCT, BINARY, FLOAT_ARRAY, DOUBLE_ARRAY, VECTOR }

    private final String name;
    private final int height;
    private final int width;

    public ImageColumn(String name, int height, int width) {
        this.name = name;
        this.height = height;
        this.width = width;
    }

    public String name() {
        return name;
    }

    /** The column's kind in {@code schema}, or a clear error when it is missing or of a type that holds no images. */
    Kind kind(StructType schema) {
        if (!List.of(schema.fieldNames()).contains(name)) {
            throw new DataException("image column '" + name + "' is not in the DataFrame (its columns: "
                    + String.join(", ", schema.fieldNames()) + ")");
        }
        DataType type = schema.apply(name).dataType();
        if (type instanceof StructType struct && List.of(struct.fieldNames()).containsAll(IMAGE_FIELDS)) {
            return Kind.IMAGE_STRUCT;
        }
        if (type.equals(DataTypes.BinaryType)) {
            return Kind.BINARY;
        }
        if (type instanceof ArrayType array && array.elementType().equals(DataTypes.FloatType)) {
            return Kind.FLOAT_ARRAY;
        }
        if (type instanceof ArrayType array && array.elementType().equals(DataTypes.DoubleType)) {
            return Kind.DOUBLE_ARRAY;
        }
        if (type.equals(SQLDataTypes.VectorType())) {
            return Kind.VECTOR;
        }
        throw new DataException("image column '" + name + "' is " + type.simpleString() + "; expected Spark's image"
                + " struct (spark.read.format(\"image\")), binary, array<float>, array<double> or an ml Vector");
    }

    /**
     * The image in {@code row}'s field {@code field} as 8-bit gray pixels, checked against the expected size
     * {@code rows x cols}. {@code where} names the row for errors (its index, or its origin for image structs).
     */
    byte[] pixels(Kind kind, Row row, int field, int rows, int cols, String where) {
        if (row.isNullAt(field)) {
            throw new DataException("image column '" + name + "', " + where + ": the image is null");
        }
        byte[] pixels = switch (kind) {
            case IMAGE_STRUCT -> fromImageStruct(row.getStruct(field), rows, cols);
            case BINARY -> (byte[]) row.get(field);
            case FLOAT_ARRAY -> quantised(row.getList(field).stream().mapToDouble(v -> (Float) v).toArray(), where);
            case DOUBLE_ARRAY -> quantised(row.getList(field).stream().mapToDouble(v -> (Double) v).toArray(), where);
            case VECTOR -> quantised(((Vector) row.get(field)).toArray(), where);
        };
        if (pixels.length != rows * cols) {
            throw new DataException("image column '" + name + "', " + where + ": holds " + pixels.length
                    + " pixels, expected " + rows + "x" + cols + " = " + rows * cols);
        }
        return pixels;
    }

    /** For a row's error messages: an image struct's origin (its file), else the row's position. */
    String describe(Kind kind, Row row, int field, long index) {
        if (kind == Kind.IMAGE_STRUCT && !row.isNullAt(field)) {
            return "image " + row.getStruct(field).getString(0);
        }
        return "row " + index;
    }

    /** {rows, cols} of the images, from the first row: its struct's size, or the params, or a square side. */
    int[] shape(Kind kind, Row first, int field, String where) {
        if (first.isNullAt(field)) {
            throw new DataException("image column '" + name + "', " + where + ": the image is null");
        }
        if (kind == Kind.IMAGE_STRUCT) {
            Row image = first.getStruct(field);
            return new int[] {image.getInt(image.fieldIndex("height")), image.getInt(image.fieldIndex("width"))};
        }
        if (height > 0 && width > 0) {
            return new int[] {height, width};
        }
        int length = switch (kind) {
            case BINARY -> ((byte[]) first.get(field)).length;
            case VECTOR -> ((Vector) first.get(field)).size();
            default -> first.getList(field).size();
        };
        int side = (int) Math.round(Math.sqrt(length));
        if (side * side != length || height > 0 || width > 0) {
            throw new DataException("image column '" + name + "', " + where + ": holds " + length + " pixels, which"
                    + " is not a square image; set both imageHeight and imageWidth");
        }
        return new int[] {side, side};
    }

    private byte[] fromImageStruct(Row image, int rows, int cols) {
        String origin = image.getString(image.fieldIndex("origin"));
        int h = image.getInt(image.fieldIndex("height"));
        int w = image.getInt(image.fieldIndex("width"));
        int channels = image.getInt(image.fieldIndex("nChannels"));
        if (h < 0 || channels < 0) {
            throw new DataException(origin + ": Spark could not decode this image (image column '" + name
                    + "'); read the folder with .option(\"dropInvalid\", true) or remove the file");
        }
        if (h != rows || w != cols) {
            throw new DataException(origin + ": image is " + h + "x" + w + " pixels, expected " + rows + "x" + cols
                    + " like the first image; resize the images to one size");
        }
        if (channels != 1) {
            throw new DataException(origin + ": image has " + channels + " channels; the networks take gray images"
                    + " (1 channel): convert the images to grayscale");
        }
        return (byte[]) image.get(image.fieldIndex("data"));
    }

    private byte[] quantised(double[] values, String where) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!(v >= 0 && v <= 1)) {
                throw new DataException("image column '" + name + "', " + where + ": pixel " + i + " is " + v
                        + ", expected pixels in [0, 1]");
            }
            out[i] = (byte) Math.round(v * 255);
        }
        return out;
    }

    /** The schema with this column checked to hold images (a clear error otherwise). */
    StructField check(StructType schema) {
        kind(schema);
        return schema.apply(name);
    }
}
