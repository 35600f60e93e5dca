package io.sparkcnn.ml;

import java.io.Serializable;
import java.util.List;

import io.sparkcnn.data.DataException;
import io.sparkcnn.data.ImageShape;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one image column, whatever form the images come in, as the 8-bit pixels the networks are trained on, one
 * channel plane after another (gray: one plane; RGB: red, green, blue). The forms: Spark's image struct
 * ({@code spark.read.format("image")}: size and channels in each row, OpenCV's interleaved BGR(A) bytes), a binary
 * column of pixels, or an array of float/double or an ml Vector of pixels in [0, 1] (quantised to 8 bits, as every
 * training image is, so that training and scoring see the same values). Flat columns hold images of
 * {@code height x width} (square when 0) with {@code channels} values per pixel, interleaved (as NumPy and PIL
 * hold them).
 */
public final class ImageColumn implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final List<String> IMAGE_FIELDS = List.of("origin", "height", "width", "nChannels", "data");

    /** How the column stores its images. */
    enum Kind { IMAGE_STRUCT, BINARY, FLOAT_ARRAY, DOUBLE_ARRAY, VECTOR }

    private final String name;
    private final int height;
    private final int width;
    private final int channels;

    /** {@code channels} 0: as the images come (image structs), or 1 (flat columns). */
    public ImageColumn(String name, int height, int width, int channels) {
        this.name = name;
        this.height = height;
        this.width = width;
        this.channels = channels;
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
     * The image in {@code row}'s field {@code field} as channel planes of {@code shape}, checked against its size;
     * an image struct of other channels is converted (gray to RGB by copying, RGB to gray by luminance).
     * {@code where} names the row for errors (its position, or its file for image structs).
     */
    byte[] pixels(Kind kind, Row row, int field, ImageShape shape, String where) {
        if (row.isNullAt(field)) {
            throw new DataException("image column '" + name + "', " + where + ": the image is null");
        }
        if (kind == Kind.IMAGE_STRUCT) {
            return fromImageStruct(row.getStruct(field), shape);
        }
        byte[] interleaved = switch (kind) {
            case BINARY -> (byte[]) row.get(field);
            case FLOAT_ARRAY -> quantised(row.getList(field).stream().mapToDouble(v -> (Float) v).toArray(), where);
            case DOUBLE_ARRAY -> quantised(row.getList(field).stream().mapToDouble(v -> (Double) v).toArray(), where);
            default -> quantised(((Vector) row.get(field)).toArray(), where);
        };
        if (interleaved.length != shape.pixels()) {
            throw new DataException("image column '" + name + "', " + where + ": holds " + interleaved.length
                    + " values, expected " + shape.rows() + "x" + shape.cols() + "x" + shape.channels() + " = "
                    + shape.pixels());
        }
        return planes(interleaved, shape.channels(), shape, 0, 1, 2);
    }

    /** For a row's error messages: an image struct's origin (its file), else the row's position. */
    String describe(Kind kind, Row row, int field, long index) {
        if (kind == Kind.IMAGE_STRUCT && !row.isNullAt(field)) {
            return "image " + row.getStruct(field).getString(0);
        }
        return "row " + index;
    }

    /** The images' shape, from the first row: its struct's size and channels, or the params, or a square side. */
    ImageShape shape(Kind kind, Row first, int field, String where) {
        if (first.isNullAt(field)) {
            throw new DataException("image column '" + name + "', " + where + ": the image is null");
        }
        if (kind == Kind.IMAGE_STRUCT) {
            Row image = checkedStruct(first.getStruct(field));
            int fromImage = image.getInt(image.fieldIndex("nChannels")) == 1 ? 1 : 3;
            return new ImageShape(image.getInt(image.fieldIndex("height")), image.getInt(image.fieldIndex("width")),
                    channels > 0 ? channels : fromImage);
        }
        int perPixel = channels > 0 ? channels : 1;
        if (height > 0 && width > 0) {
            return new ImageShape(height, width, perPixel);
        }
        int length = switch (kind) {
            case BINARY -> ((byte[]) first.get(field)).length;
            case VECTOR -> ((Vector) first.get(field)).size();
            default -> first.getList(field).size();
        };
        int side = (int) Math.round(Math.sqrt(length / (double) perPixel));
        if (side * side * perPixel != length || height > 0 || width > 0) {
            throw new DataException("image column '" + name + "', " + where + ": holds " + length + " values, which"
                    + " is not a square image of " + perPixel + " channel(s); set both imageHeight and imageWidth");
        }
        return new ImageShape(side, side, perPixel);
    }

    private Row checkedStruct(Row image) {
        if (image.getInt(image.fieldIndex("height")) < 0 || image.getInt(image.fieldIndex("nChannels")) < 1) {
            throw new DataException(image.getString(image.fieldIndex("origin")) + ": Spark could not decode this"
                    + " image (image column '" + name + "'); read the folder with .option(\"dropInvalid\", true) or"
                    + " remove the file");
        }
        return image;
    }

    private byte[] fromImageStruct(Row image, ImageShape shape) {
        checkedStruct(image);
        String origin = image.getString(image.fieldIndex("origin"));
        int h = image.getInt(image.fieldIndex("height"));
        int w = image.getInt(image.fieldIndex("width"));
        if (h != shape.rows() || w != shape.cols()) {
            throw new DataException(origin + ": image is " + h + "x" + w + " pixels, expected " + shape.rows() + "x"
                    + shape.cols() + " like the first image; resize the images to one size");
        }
        int stored = image.getInt(image.fieldIndex("nChannels"));
        byte[] data = (byte[]) image.get(image.fieldIndex("data"));
        // OpenCV's order, as Spark stores it: blue, green, red (and alpha, which is dropped).
        return planes(data, stored, shape, 2, 1, 0);
    }

    /**
     * Interleaved pixels of {@code stored} values each as {@code shape}'s channel planes; {@code red}, {@code green}
     * and {@code blue} are the colours' offsets within a pixel. One stored channel fills every plane; three or more
     * become one gray plane by luminance (ITU-R BT.601, as the pictures of {@code predict}) when one is wanted.
     */
    static byte[] planes(byte[] pixels, int stored, ImageShape shape, int red, int green, int blue) {
        int plane = shape.rows() * shape.cols();
        byte[] out = new byte[plane * shape.channels()];
        for (int p = 0; p < plane; p++) {
            int base = p * stored;
            if (stored == 1) {
                for (int c = 0; c < shape.channels(); c++) {
                    out[c * plane + p] = pixels[base];
                }
            } else if (shape.channels() == 1) {
                double luminance = 0.299 * (pixels[base + red] & 0xFF) + 0.587 * (pixels[base + green] & 0xFF)
                        + 0.114 * (pixels[base + blue] & 0xFF);
                out[p] = (byte) Math.round(luminance);
            } else {
                out[p] = pixels[base + red];
                out[plane + p] = pixels[base + green];
                out[2 * plane + p] = pixels[base + blue];
            }
        }
        return out;
    }

    private byte[] quantised(double[] values, String where) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!(v >= 0 && v <= 1)) {
                throw new DataException("image column '" + name + "', " + where + ": value " + i + " is " + v
                        + ", expected pixels in [0, 1]");
            }
            out[i] = (byte) Math.round(v * 255);
        }
        return out;
    }

    /** Checks that the column is in {@code schema} and holds images. */
    void check(StructType schema) {
        kind(schema);
    }
}
