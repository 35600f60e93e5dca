package io.sparkcnn.ml;

import java.io.ByteArrayOutputStream;
import java.util.Iterator;
import java.util.List;

import io.sparkcnn.data.DataException;
import io.sparkcnn.data.ImageSet;
import io.sparkcnn.data.LabeledImages;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * A DataFrame's images and labels brought to the driver as the labelled images that {@code train} reads from IDX
 * files, in the DataFrame's order: from there they are sharded and written as minibatch files exactly as
 * {@code train} does, so the same images and seed give the same shards. Held as 8-bit pixels (60,000 28x28 images
 * take 47 MB on the driver).
 *
 * @param images     the images and their labels
 * @param labelNames class names, index = label
 */
record DataFrameImages(LabeledImages images, List<String> labelNames) {

    /** Reads {@code dataset}'s image and label columns, checking every row. */
    static DataFrameImages collect(Dataset<?> dataset, ImageColumn imageColumn, LabelColumn labelColumn,
                                   String labelCol) {
        ImageColumn.Kind kind = imageColumn.kind(dataset.schema());
        labelColumn.check(dataset.schema());
        Iterator<Row> rows = dataset.select(functions.col(imageColumn.name()), functions.col(labelCol))
                .toLocalIterator();
        if (!rows.hasNext()) {
            throw new DataException("the DataFrame to fit has no rows");
        }
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        ImageColumn.Shape shape = null;
        int maxLabel = 0;
        long index = 0;
        String source = "DataFrame column '" + imageColumn.name() + "'";
        while (rows.hasNext()) {
            Row row = rows.next();
            String where = imageColumn.describe(kind, row, 0, index);
            if (shape == null) {
                shape = imageColumn.shape(kind, row, 0, where);
                if (shape.channels() != 1) {
                    throw new DataException("image column '" + imageColumn.name() + "', " + where + ": colour"
                            + " images; the networks here take gray images: set imageChannels to 1 to train on"
                            + " their luminance");
                }
            }
            pixels.writeBytes(imageColumn.pixels(kind, row, 0, shape, where));
            int label = labelColumn.label(row, 1, where);
            labels.write(label);
            maxLabel = Math.max(maxLabel, label);
            index++;
        }
        List<String> names = LabelColumn.names(labelColumn.namesFromMetadata(dataset.schema()), maxLabel + 1);
        if (names.size() < 2) {
            throw new DataException("label column '" + labelCol + "' holds only class 0: a classifier needs at least"
                    + " 2 classes");
        }
        ImageSet images = new ImageSet(source, (int) index, shape.rows(), shape.cols(), pixels.toByteArray());
        return new DataFrameImages(LabeledImages.pair(images, labels.toByteArray(), "DataFrame column '" + labelCol
                + "'", shape.rows(), shape.cols(), names.size()), names);
    }
}
