package io.sparkcnn.ml;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import io.sparkcnn.data.ImageShape;
import io.sparkcnn.evaluation.Predictions;
import io.sparkcnn.replica.TaskGpu;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scores one partition on its executor: the network built once from the broadcast, the rows read in batches, each
 * row returned with its predicted class index and class probabilities appended. Rows stream through (a batch at a
 * time), so a partition of any size fits in memory.
 */
final class ScorePartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    /** Rows scored by one forward pass: large enough for the GEMMs to run at speed, small next to any heap. */
    static final int BATCH = 256;

    private final Broadcast<ScoringNetwork> network;
    private final ImageColumn images;
    private final ImageColumn.Kind kind;
    private final int field;
    private final ImageShape shape;

    ScorePartition(Broadcast<ScoringNetwork> network, ImageColumn images, ImageColumn.Kind kind, int field,
                   ImageShape shape) {
        this.network = network;
        this.images = images;
        this.kind = kind;
        this.field = field;
        this.shape = shape;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        TaskGpu.bind();
        MultiLayerNetwork net = network.value().build();
        int partition = TaskContext.getPartitionId();
        return new Iterator<>() {
            private final List<Row> scored = new ArrayList<>();
            private int next;
            private long seen;

            @Override
            public boolean hasNext() {
                if (next == scored.size() && input.hasNext()) {
                    scoreBatch();
                }
                return next < scored.size();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return scored.get(next++);
            }

            private void scoreBatch() {
                List<Row> batch = new ArrayList<>(BATCH);
                while (batch.size() < BATCH && input.hasNext()) {
                    batch.add(input.next());
                }
                int pixels = shape.pixels();
                float[] features = new float[batch.size() * pixels];
                for (int i = 0; i < batch.size(); i++) {
                    Row row = batch.get(i);
                    String where = images.describe(kind, row, field, seen + i) + " of partition " + partition;
                    byte[] image = images.pixels(kind, row, field, shape, where);
                    for (int p = 0; p < pixels; p++) {
                        features[i * pixels + p] = (image[p] & 0xFF) / 255f; // as the minibatch files hold them
                    }
                }
                float[][] probabilities = Predictions.rows(net.output(Nd4j.create(features, batch.size(), pixels),
                        false));
                scored.clear();
                next = 0;
                for (int i = 0; i < batch.size(); i++) {
                    scored.add(withScores(batch.get(i), probabilities[i]));
                }
                seen += batch.size();
            }
        };
    }

    private static Row withScores(Row row, float[] probabilities) {
        double[] asDoubles = new double[probabilities.length];
        for (int k = 0; k < probabilities.length; k++) {
            asDoubles[k] = probabilities[k];
        }
        Object[] values = new Object[row.length() + 2];
        for (int i = 0; i < row.length(); i++) {
            values[i] = row.get(i);
        }
        values[row.length()] = (double) Predictions.argmax(probabilities);
        values[row.length() + 1] = Vectors.dense(asDoubles);
        return RowFactory.create(values);
    }
}
