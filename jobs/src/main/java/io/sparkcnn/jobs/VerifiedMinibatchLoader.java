package io.sparkcnn.jobs;

import java.io.IOException;
import java.io.InputStream;

import io.sparkcnn.data.MinibatchFiles;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.nd4j.common.loader.Source;
import org.nd4j.linalg.dataset.DataSet;

/**
 * How executors load minibatch files in {@code fitPaths}: like DL4J's SerializedDataSetLoader, but checking each
 * file against the CRC32 in its name, so a corrupted shard fails with its name instead of training on garbage.
 */
final class VerifiedMinibatchLoader implements DataSetLoader {
    private static final long serialVersionUID = 1L;

    @Override
    public DataSet load(Source source) throws IOException {
        try (InputStream in = source.getInputStream()) {
            return MinibatchFiles.decode(source.getPath(), in.readAllBytes());
        }
    }
}
