package io.sparkcnn.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.sparkcnn.cluster.SparkDaemon;
import io.sparkcnn.settings.SettingsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code spark-cnn daemon master|worker ARGS}: a Spark standalone Master or Worker from this program's classpath,
 * taking Spark's own arguments. What {@code spark-cnn cluster} starts on this machine and what each container of
 * docker/docker-compose.yml runs.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {"Run a Spark standalone master or worker (Spark's own arguments), e.g.",
            "  spark-cnn daemon master --host 0.0.0.0 --port 7077 --webui-port 8080",
            "  spark-cnn daemon worker --cores 2 --memory 4g spark://master:7077"})
final class DaemonCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "master|worker", description = "Which daemon.")
    String daemon;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "Spark's Master or Worker arguments.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        SparkDaemon which;
        try {
            which = SparkDaemon.parse(daemon);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(e.getMessage());
        }
        which.run(args.toArray(String[]::new));
        return 0;
    }
}
