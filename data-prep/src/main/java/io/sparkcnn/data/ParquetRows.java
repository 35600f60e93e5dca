package io.sparkcnn.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiPredicate;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * The rows of a Parquet file of labelled images, one at a time. The image column ({@code image}, else {@code img})
 * holds either an encoded picture (binary, or a struct with a binary {@code bytes} field, as Hugging Face datasets
 * store images) or Spark's image schema ({@code spark.read.format("image")}: height, width, nChannels and data, the
 * pixels' bytes in BGR(A) order). The {@code label} column holds class numbers (integers) or class names (strings).
 */
final class ParquetRows {
    static final List<String> IMAGE_COLUMNS = List.of("image", "img");
    static final String LABEL_COLUMN = "label";

    /**
     * Local files read as they are: Hadoop's checksummed local file system would refuse a file copied without its
     * hidden .crc companion, or beside a stale one, though the Parquet format checks its own pages.
     */
    private static final Configuration RAW_LOCAL = rawLocal();

    private ParquetRows() {
    }

    private static Configuration rawLocal() {
        Configuration conf = new Configuration();
        conf.set("fs.file.impl", org.apache.hadoop.fs.RawLocalFileSystem.class.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
        return conf;
    }

    /** Hands {@code action} each row with its place ({@code file row N}) until it returns false. */
    static void each(Path file, BiPredicate<Group, String> action) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file.toUri());
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), path)
                .withConf(RAW_LOCAL).build()) {
            long index = 0;
            for (Group row = reader.read(); row != null; row = reader.read(), index++) {
                if (!action.test(row, file + " row " + index)) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException data) {
                throw data;
            }
            throw new DataException(file + ": cannot be read as Parquet (" + e.getMessage() + ")", e);
        }
    }

    /** The row's image, decoded. */
    static BufferedImage image(Group row, String where) {
        String column = imageColumn(row.getType(), where);
        if (row.getFieldRepetitionCount(column) == 0) {
            throw new DataException(where + ": the " + column + " column is empty");
        }
        Type type = row.getType().getType(column);
        if (type.isPrimitive()) {
            return PictureFiles.decode(row.getBinary(column, 0).getBytes(), where);
        }
        Group struct = row.getGroup(column, 0);
        GroupType fields = struct.getType();
        if (fields.containsField("bytes")) {
            return PictureFiles.decode(struct.getBinary("bytes", 0).getBytes(), where);
        }
        if (fields.containsField("data") && fields.containsField("height") && fields.containsField("width")
                && fields.containsField("nChannels")) {
            return sparkImage(struct, where);
        }
        throw new DataException(where + ": the " + column + " column is a struct of " + fields.getFields().stream()
                .map(Type::getName).toList() + "; expected bytes (an encoded picture) or Spark's image schema"
                + " (height, width, nChannels, data)");
    }

    /** The row's label: an Integer (a class number) or a String (a class name). */
    static Object label(Group row, String where) {
        if (!row.getType().containsField(LABEL_COLUMN)) {
            throw new DataException(where + ": no '" + LABEL_COLUMN + "' column (the class of each image); columns: "
                    + columns(row.getType()));
        }
        if (row.getFieldRepetitionCount(LABEL_COLUMN) == 0) {
            throw new DataException(where + ": the " + LABEL_COLUMN + " column is empty");
        }
        Type type = row.getType().getType(LABEL_COLUMN);
        PrimitiveTypeName kind = type.isPrimitive() ? type.asPrimitiveType().getPrimitiveTypeName() : null;
        if (kind == PrimitiveTypeName.INT32) {
            return row.getInteger(LABEL_COLUMN, 0);
        }
        if (kind == PrimitiveTypeName.INT64) {
            return Math.toIntExact(row.getLong(LABEL_COLUMN, 0));
        }
        if (kind == PrimitiveTypeName.BINARY) {
            return row.getString(LABEL_COLUMN, 0);
        }
        throw new DataException(where + ": the " + LABEL_COLUMN + " column is " + type + "; expected an integer"
                + " (class number) or a string (class name)");
    }

    private static String imageColumn(GroupType type, String where) {
        return IMAGE_COLUMNS.stream().filter(type::containsField).findFirst().orElseThrow(() -> new DataException(
                where + ": no image column (expected one named " + String.join(" or ", IMAGE_COLUMNS) + "); columns: "
                        + columns(type)));
    }

    private static List<String> columns(GroupType type) {
        return type.getFields().stream().map(Type::getName).toList();
    }

    /** Spark's image schema: height x width x nChannels bytes, blue-green-red(-alpha), or gray for one channel. */
    private static BufferedImage sparkImage(Group struct, String where) {
        int h = struct.getInteger("height", 0);
        int w = struct.getInteger("width", 0);
        int n = struct.getInteger("nChannels", 0);
        byte[] data = struct.getBinary("data", 0).getBytes();
        if (h < 1 || w < 1 || (n != 1 && n != 3 && n != 4) || data.length != (long) h * w * n) {
            throw new DataException(where + ": a Spark image of " + h + "x" + w + "x" + n + " holds " + data.length
                    + " bytes; expected height x width x nChannels bytes, nChannels 1, 3 or 4");
        }
        BufferedImage image = new BufferedImage(w, h, n == 1 ? BufferedImage.TYPE_BYTE_GRAY
                : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = (y * w + x) * n;
                if (n == 1) {
                    image.getRaster().setSample(x, y, 0, data[p] & 0xFF);
                } else {
                    image.setRGB(x, y, (data[p + 2] & 0xFF) << 16 | (data[p + 1] & 0xFF) << 8 | (data[p] & 0xFF));
                }
            }
        }
        return image;
    }
}
