package io.sparkcnn.driver.options;

import java.nio.file.Path;

import io.sparkcnn.executor.Backend;
import io.sparkcnn.executor.ExecutorConfig;
import io.sparkcnn.executor.ExecutorSettings;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * What each executor needs: the options of {@link ExecutorSettings}, over an executor config file's values, over the
 * defaults.
 */
public final class ExecutorOptions {
    @Option(names = "--executor-config", paramLabel = "FILE",
            description = "YAML file of executor settings: backend, gpus-per-executor, threads-per-replica, off-heap,"
                    + " prefetch (see docs/executor-config.md); the options below win over it.")
    Path configFile;

    /** The option's name before executors' settings were called so; old command lines keep working. */
    @Option(names = "--worker-config", paramLabel = "FILE", hidden = true)
    void oldConfigFile(Path file) {
        configFile = file;
    }

    @Option(names = "--backend", paramLabel = "NAME", converter = BackendConverter.class,
            description = "cpu, or cuda (a jar built with -Pcuda, executors with GPUs). Default: cpu.")
    Backend backend;

    @Option(names = "--gpus-per-executor", paramLabel = "N",
            description = "GPUs each executor requests from Spark (cuda); each task binds the one it is given.")
    Integer gpusPerExecutor;

    @Option(names = "--threads-per-replica", paramLabel = "N",
            description = "Native threads per replica (0: the cores shared among the replicas). Default: 0.")
    Integer threadsPerReplica;

    @Option(names = "--off-heap", paramLabel = "SIZE",
            description = "ND4J's off-heap limit per executor, e.g. 4g, also reserved as Spark memoryOverhead.")
    String offHeap;

    @Option(names = "--prefetch", paramLabel = "N",
            description = "Minibatches each replica loads ahead in the background (a corrupt file then hangs"
                    + " instead of failing). Default: " + ExecutorSettings.DEFAULT_PREFETCH + ".")
    Integer prefetch;

    /** The options given here, over the file's values, over the defaults (validated with the rest of the settings). */
    public ExecutorSettings settings() {
        ExecutorSettings s = configFile != null ? ExecutorConfig.read(configFile).settings()
                : ExecutorSettings.defaults();
        s = backend != null ? s.withBackend(backend) : s;
        s = gpusPerExecutor != null ? s.withGpusPerExecutor(gpusPerExecutor) : s;
        s = threadsPerReplica != null ? s.withThreadsPerReplica(threadsPerReplica) : s;
        s = offHeap != null ? s.withOffHeap(offHeap) : s;
        return prefetch != null ? s.withPrefetch(prefetch) : s;
    }

    public static final class BackendConverter implements ITypeConverter<Backend> {
        @Override
        public Backend convert(String value) {
            return Backend.parse(value);
        }
    }
}
