package io.sparkcnn.ml;

import java.io.ByteArrayOutputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import io.sparkcnn.data.DataException;
import io.sparkcnn.data.ImageSet;
import io.sparkcnn.data.ImageShape;
import io.sparkcnn.data.LabeledImages;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * A DataFrame's images and labels brought to the driver as the labelled images that {@code train} reads from IDX
 * files, in the DataFrame's order: from there they are sharded and written as minibatch files exactly as
 * {@code train} does, so the same images and seed give the same shards. Held as 8-bit pixels (60,000 28x28 images
 * take 47 MB on the driver). Rows marked by the validation column, when there is one, are held out: evaluated after
 * every epoch as {@code train} evaluates its test set, never trained on.
 *
 * @param train      the images to train on, and their labels
 * @param validation the held-out images (none without a validation column)
 * @param labelNames class names, index = label
 */
record DataFrameImages(LabeledImages train, LabeledImages validation, List<String> labelNames) {

    /** Reads {@code dataset}'s image, label and (if given) validation columns, checking every row. */
    static DataFrameImages collect(Dataset<?> dataset, ImageColumn imageColumn, LabelColumn labelColumn,
                                   String labelCol, Optional<String> validationCol) {
        ImageColumn.Kind kind = imageColumn.kind(dataset.schema());
        labelColumn.check(dataset.schema());
        validationCol.ifPresent(name -> checkValidationColumn(dataset, name));
        Column heldOut = validationCol.map(functions::col).orElse(functions.lit(false));
        Iterator<Row> rows = dataset.select(functions.col(imageColumn.name()), functions.col(labelCol), heldOut)
                .toLocalIterator();
        if (!rows.hasNext()) {
            throw new DataException("the DataFrame to fit has no rows");
        }
        Collected train = new Collected();
        Collected validation = new Collected();
        ImageShape shape = null;
        int maxLabel = 0;
        long index = 0;
        while (rows.hasNext()) {
            Row row = rows.next();
            String where = imageColumn.describe(kind, row, 0, index);
            if (shape == null) {
                shape = imageColumn.shape(kind, row, 0, where);
            }
            int label = labelColumn.label(row, 1, where);
            Collected into = !row.isNullAt(2) && row.getBoolean(2) ? validation : train;
            into.add(imageColumn.pixels(kind, row, 0, shape, where), label);
            maxLabel = Math.max(maxLabel, label);
            index++;
        }
        List<String> names = LabelColumn.names(labelColumn.namesFromMetadata(dataset.schema()), maxLabel + 1);
        if (names.size() < 2) {
            throw new DataException("label column '" + labelCol + "' holds only class 0: a classifier needs at least"
                    + " 2 classes");
        }
        if (train.count == 0) {
            throw new DataException("validation column '" + validationCol.orElse("") + "' marks every row: nothing"
                    + " is left to train on");
        }
        String source = "DataFrame column '" + imageColumn.name() + "'";
        return new DataFrameImages(train.images(source, labelCol, shape, names.size()),
                validation.images(source + " (validation rows)", labelCol, shape, names.size()), names);
    }

    private static void checkValidationColumn(Dataset<?> dataset, String name) {
        if (!List.of(dataset.schema().fieldNames()).contains(name)) {
            throw new DataException("validation column '" + name + "' is not in the DataFrame (its columns: "
                    + String.join(", ", dataset.schema().fieldNames()) + ")");
        }
        if (!dataset.schema().apply(name).dataType().equals(DataTypes.BooleanType)) {
            throw new DataException("validation column '" + name + "' is "
                    + dataset.schema().apply(name).dataType().simpleString() + "; expected boolean (true: held out"
                    + " for validation)");
        }
    }

    /** Pixels and labels as they arrive. */
    private static final class Collected {
        private final ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        private final IntStream.Builder labels = IntStream.builder();
        private int count;

        void add(byte[] image, int label) {
            pixels.writeBytes(image);
            labels.add(label);
            count++;
        }

        LabeledImages images(String source, String labelCol, ImageShape shape, int classes) {
            ImageSet images = new ImageSet(source, count, shape, pixels.toByteArray());
            return LabeledImages.pair(images, labels.build().toArray(), "DataFrame column '" + labelCol + "'",
                    classes);
        }
    }
}
