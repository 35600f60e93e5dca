package io.sparkcnn.loading;

import java.io.Serializable;

import io.sparkcnn.data.MinibatchFiles;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.datavec.spark.util.BroadcastHadoopConfigHolder;
import org.datavec.spark.util.SerializableHadoopConfig;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Reads minibatch files on the executors with the driver's Hadoop settings ({@code spark.hadoop.*} included), the
 * broadcast DL4J keeps once per Spark context for its own readers. Each executor builds its {@code Configuration}
 * from it once: one made per file parsed Hadoop's default XML files again at every file-system lookup, ~2 ms a file
 * and a third of an executor's evaluation time.
 */
public final class MinibatchReader implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Broadcast<SerializableHadoopConfig> hadoop;

    public MinibatchReader(JavaSparkContext sc) {
        this.hadoop = BroadcastHadoopConfigHolder.get(sc);
    }

    /** The minibatch at {@code uri}, checked against the CRC32 in its name. */
    public DataSet read(String uri) {
        return MinibatchFiles.read(uri, hadoop.value().getConfiguration());
    }
}
