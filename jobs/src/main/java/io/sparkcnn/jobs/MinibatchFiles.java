package io.sparkcnn.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.sparkcnn.data.LabeledImages;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Minibatches as files: each shard is cut into minibatches saved in ND4J's DataSet format, so that executors
 * read their data from a file system instead of receiving it through the driver, and the data is written once
 * for all epochs. Paths are Hadoop URIs, so the same code serves a local disk and HDFS.
 */
public final class MinibatchFiles {
    private MinibatchFiles() {
    }

    /**
     * Writes {@code shards} of {@code data} (lists of example indices) as minibatches of at most
     * {@code batchSize} examples under {@code dir}; returns the files' URIs, shard by shard.
     */
    public static List<String> write(LabeledImages data, List<int[]> shards, int batchSize, URI dir) {
        List<String> paths = new ArrayList<>();
        try {
            FileSystem fs = FileSystem.get(dir, new Configuration());
            for (int s = 0; s < shards.size(); s++) {
                int[] shard = shards.get(s);
                for (int start = 0, b = 0; start < shard.length; start += batchSize, b++) {
                    int end = Math.min(shard.length, start + batchSize);
                    Path file = new Path(new Path(dir), String.format("shard-%03d-batch-%05d.bin", s, b));
                    try (OutputStream out = fs.create(file, true)) {
                        toDataSet(data, shard, start, end).save(out);
                    }
                    paths.add(file.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write minibatches under " + dir + ": " + e.getMessage(), e);
        }
        return paths;
    }

    /** Examples {@code indices[start..end)} as a DataSet: flat [n, rows*cols] pixels in [0,1], one-hot labels. */
    public static DataSet toDataSet(LabeledImages data, int[] indices, int start, int end) {
        int n = end - start;
        int pixels = data.rows() * data.cols();
        float[] features = new float[n * pixels];
        float[] labels = new float[n * data.numClasses()];
        for (int i = 0; i < n; i++) {
            int index = indices[start + i];
            data.copyPixels(index, features, i * pixels);
            labels[i * data.numClasses() + data.label(index)] = 1f;
        }
        INDArray f = Nd4j.create(features, new long[] {n, pixels}, 'c');
        INDArray l = Nd4j.create(labels, new long[] {n, data.numClasses()}, 'c');
        return new DataSet(f, l);
    }

    /** Reads one minibatch file back (used on executors). */
    public static DataSet read(String uri) {
        try {
            FileSystem fs = FileSystem.get(URI.create(uri), new Configuration());
            try (InputStream in = fs.open(new Path(uri))) {
                DataSet ds = new DataSet();
                ds.load(in);
                return ds;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read minibatch " + uri + ": " + e.getMessage(), e);
        }
    }

    /** Indices 0..n-1: the test set is evaluated in file order. */
    public static int[] range(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }
}
