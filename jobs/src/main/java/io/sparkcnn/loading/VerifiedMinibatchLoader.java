package io.sparkcnn.loading;

import java.io.IOException;
import java.io.InputStream;

import io.sparkcnn.data.MinibatchFiles;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.nd4j.common.loader.Source;
import org.nd4j.linalg.dataset.DataSet;

/**
 * How executors load minibatch files in {@code fitPaths}: like DL4J's SerializedDataSetLoader, but checking each
 * file against the CRC32 in its name, so a corrupted shard fails with its name instead of training on garbage.
 *
 * <p>Given a {@link MinibatchReader}, it opens the source's path itself instead of asking the source for a stream:
 * DL4J's sources for {@code fitPaths} open every file with an 8 MB read buffer, so each 50 KB minibatch cost ~0.9 ms
 * to open and left 8 MB of garbage (7.7 GB in a Fashion-MNIST epoch; BENCHMARKS.md).
 */
public final class VerifiedMinibatchLoader implements DataSetLoader {
    private static final long serialVersionUID = 1L;
    private final MinibatchReader reader;

    /** Reads the path of each source it is given. */
    public VerifiedMinibatchLoader(MinibatchReader reader) {
        this.reader = reader;
    }

    /** Reads each source's own stream (a source whose path is only a name). */
    public VerifiedMinibatchLoader() {
        this(null);
    }

    @Override
    public DataSet load(Source source) throws IOException {
        if (reader != null) {
            return reader.read(source.getPath());
        }
        try (InputStream in = source.getInputStream()) {
            return MinibatchFiles.decode(source.getPath(), in.readAllBytes());
        }
    }
}
