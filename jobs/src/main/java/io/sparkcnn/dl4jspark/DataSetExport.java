package io.sparkcnn.dl4jspark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

import io.sparkcnn.data.HadoopFiles;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.datavec.spark.util.BroadcastHadoopConfigHolder;
import org.datavec.spark.util.SerializableHadoopConfig;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.deeplearning4j.core.loader.impl.SerializedDataSetLoader;
import org.nd4j.linalg.dataset.DataSet;

/**
 * An RDD of DataSets written out as minibatch files (DL4J's serialised DataSet format), for training with
 * {@code fitPaths}' machinery: each partition cuts its examples into minibatches of the given size (the last one of a
 * partition may be smaller) and writes them into a directory of their own. What DL4J's "export" approach does, with
 * its safeguard: a directory on this machine's file system serves only a local master.
 */
final class DataSetExport {
    private final JavaSparkContext sc;
    private final String directory;

    private DataSetExport(JavaSparkContext sc, String directory) {
        this.sc = sc;
        this.directory = directory;
    }

    /** A new directory under {@code parent} (a Hadoop URI; null: a local temporary directory). */
    static DataSetExport into(JavaSparkContext sc, String parent) {
        String base = parent;
        if (base == null) {
            if (!sc.isLocal()) {
                throw new IllegalArgumentException("training from an RDD of DataSets on the cluster " + sc.master()
                        + " needs a directory every executor can reach: set"
                        + " SparkCnnTrainingMaster.builder(..).exportDirectory(\"hdfs://...\")");
            }
            try {
                base = Files.createTempDirectory("spark-cnn-export-").toUri().toString();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary directory for the RDD's minibatches", e);
            }
        }
        return new DataSetExport(sc, base.replaceAll("/+$", "") + "/" + UUID.randomUUID());
    }

    String directory() {
        return directory;
    }

    /** Writes {@code data} in minibatches of {@code batchSize}; returns their URIs in partition order. */
    List<String> write(JavaRDD<DataSet> data, int batchSize) {
        Broadcast<SerializableHadoopConfig> hadoop = BroadcastHadoopConfigHolder.get(sc);
        String dir = directory;
        Function2<Integer, Iterator<DataSet>, Iterator<String>> writePartition = (partition, examples) -> {
            List<String> written = new ArrayList<>();
            FileSystem fs = new Path(dir).getFileSystem(hadoop.getValue().getConfiguration());
            List<DataSet> pending = new ArrayList<>();
            int pendingExamples = 0;
            while (examples.hasNext()) {
                DataSet next = examples.next();
                pending.add(next);
                pendingExamples += next.numExamples();
                if (pendingExamples >= batchSize) {
                    List<DataSet> batches = DataSet.merge(pending).batchBy(batchSize);
                    pending.clear();
                    pendingExamples = 0;
                    for (DataSet batch : batches) {
                        if (batch.numExamples() == batchSize) {
                            written.add(save(fs, dir, partition, written.size(), batch));
                        } else {
                            pending.add(batch);
                            pendingExamples = batch.numExamples();
                        }
                    }
                }
            }
            if (pendingExamples > 0) {
                written.add(save(fs, dir, partition, written.size(), DataSet.merge(pending)));
            }
            return written.iterator();
        };
        return data.mapPartitionsWithIndex(writePartition, true).collect();
    }

    private static String save(FileSystem fs, String dir, int partition, int index, DataSet batch)
            throws IOException {
        Path path = new Path(dir, String.format("partition-%05d-batch-%06d.bin", partition, index));
        try (OutputStream out = HadoopFiles.create(fs, path, false)) {
            batch.save(out);
        }
        return path.toString();
    }

    /** Reads what {@link #write} wrote. */
    static DataSetLoader loader() {
        return new SerializedDataSetLoader();
    }

    /** Removes the directory and what it holds; whether it is gone. */
    boolean delete() {
        return delete(sc, directory);
    }

    static boolean delete(JavaSparkContext sc, String directory) {
        try {
            Path path = new Path(directory);
            FileSystem fs = path.getFileSystem(sc.hadoopConfiguration());
            return !fs.exists(path) || fs.delete(path, true);
        } catch (IOException e) {
            return false;
        }
    }
}
