package io.sparkcnn.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.sparkcnn.data.DataException;
import io.sparkcnn.data.LabeledImages;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The label column: class indices 0, 1, ... as numbers (what {@code StringIndexer} writes), whose class names come
 * from the column's ML attributes when it has them (StringIndexer's labels) and are the indices otherwise.
 */
final class LabelColumn {
    /** The most classes a dataset may have. */
    static final int MAX_CLASSES = LabeledImages.MAX_CLASSES;

    private final String name;

    LabelColumn(String name) {
        this.name = name;
    }

    /** Checks that the column is there and numeric. */
    StructField check(StructType schema) {
        if (!List.of(schema.fieldNames()).contains(name)) {
            throw new DataException("label column '" + name + "' is not in the DataFrame (its columns: "
                    + String.join(", ", schema.fieldNames()) + "); for string labels, index them first with"
                    + " StringIndexer");
        }
        StructField field = schema.apply(name);
        if (!(field.dataType() instanceof NumericType)) {
            throw new DataException("label column '" + name + "' is " + field.dataType().simpleString()
                    + "; expected class indices 0, 1, ... as numbers (index string labels with StringIndexer)");
        }
        return field;
    }

    /** The class names the column's attributes give, if any (StringIndexer's labels, in index order). */
    Optional<List<String>> namesFromMetadata(StructType schema) {
        Attribute attribute = Attribute.fromStructField(schema.apply(name));
        if (attribute instanceof NominalAttribute nominal && nominal.values().isDefined()) {
            return Optional.of(Arrays.asList(nominal.values().get()));
        }
        return Optional.empty();
    }

    /** The class index in {@code row}'s field {@code field}: a whole number in [0, MAX_CLASSES). */
    int label(Row row, int field, String where) {
        if (row.isNullAt(field)) {
            throw new DataException("label column '" + name + "', " + where + ": the label is null");
        }
        double value = ((Number) row.get(field)).doubleValue();
        if (value != Math.rint(value) || value < 0 || value >= MAX_CLASSES) {
            throw new DataException("label column '" + name + "', " + where + ": label " + value + " is not a class"
                    + " index: expected a whole number from 0 to " + (MAX_CLASSES - 1));
        }
        return (int) value;
    }

    /** The names of {@code classes} classes: the metadata's when it names at least that many, else the indices. */
    static List<String> names(Optional<List<String>> fromMetadata, int classes) {
        if (fromMetadata.isPresent() && fromMetadata.get().size() >= classes) {
            return List.copyOf(fromMetadata.get());
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add(Integer.toString(c));
        }
        return names;
    }
}
