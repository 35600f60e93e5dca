package io.sparkcnn.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

import io.sparkcnn.data.LabeledImages;
import io.sparkcnn.data.PreparedShards;
import io.sparkcnn.data.ResolvedDataset;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import io.sparkcnn.settings.SettingsException;

/** {@code prepare}: a dataset cut into training shards and minibatch files on any Hadoop file system. */
public final class PrepareJob {
    private PrepareJob() {
    }

    public static PreparedShards run(ResolvedDataset dataset, PreparedShards.Plan plan, int testLimit, URI output,
                                     boolean overwrite) {
        try {
            FileSystem fs = FileSystem.get(output, new Configuration());
            if (fs.exists(new Path(output)) && !overwrite) {
                throw new SettingsException("--output " + output + ": already exists; choose another location or add"
                        + " --overwrite");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("--output " + output + ": " + e.getMessage(), e);
        }
        LabeledImages train = dataset.loadTrain();
        LabeledImages test = testLimit > 0 ? dataset.loadTest().firstN(testLimit) : dataset.loadTest();
        return PreparedShards.write(dataset.name(), dataset.labelNames(), train, test, plan, output);
    }
}
