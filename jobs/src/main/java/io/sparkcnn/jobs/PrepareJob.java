package io.sparkcnn.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

import io.sparkcnn.data.PreparedShards;
import io.sparkcnn.data.ResolvedDataset;
import io.sparkcnn.settings.PrepareSettings;
import io.sparkcnn.settings.SettingsException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** {@code prepare}: a dataset cut into training shards and minibatch files on any Hadoop file system. */
public final class PrepareJob {
    private PrepareJob() {
    }

    public static PreparedShards run(ResolvedDataset dataset, PrepareSettings settings) {
        settings.validate();
        URI output = settings.output();
        try {
            FileSystem fs = FileSystem.get(output, new Configuration());
            if (fs.exists(new Path(output)) && !settings.overwrite()) {
                throw new SettingsException("--output " + output + ": already exists; choose another location or add"
                        + " --overwrite");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("--output " + output + ": " + e.getMessage(), e);
        }
        return PreparedShards.write(dataset.name(), dataset.labelNames(), dataset.loadTrain(),
                dataset.loadTest(settings.data().testLimit()), settings.plan(), output);
    }
}
