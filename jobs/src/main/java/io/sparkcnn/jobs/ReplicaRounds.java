package io.sparkcnn.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.datavec.spark.util.SerializableHadoopConfig;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.common.loader.Source;

/**
 * A worker's task in one Spark job of parameter averaging: its replica fits its files of each of the job's rounds,
 * and after every round but the last the workers' replicas are averaged through the driver's
 * {@link AveragingCoordinator}, each loading the mean before the next round. The task returns its replica's state
 * after the job's last round, for the driver to average.
 *
 * <p>With one round per job nothing is exchanged: DL4J's scheme of a Spark job per round.
 */
final class ReplicaRounds implements FlatMapFunction<Iterator<EpochPlan.WorkerRounds>, RoundResult> {
    private static final long serialVersionUID = 1L;

    private final GpuBoundTrainingWorker replicas;
    private final DataSetLoader loader;
    private final Broadcast<SerializableHadoopConfig> hadoop;
    private final int averagingFrequency;
    private final int prefetch;
    private final int workers;
    /** The coordinator's name, null when the job's rounds are not averaged in between (one round, or one worker). */
    private final String coordinator;
    private final String job;

    /**
     * @param coordinator the name of the {@link AveragingCoordinator} that averages between the rounds (null: each
     *                    round's end only moves the replica's iteration count on, as for one worker)
     * @param prefetch    minibatch files loaded ahead of the replica, on a thread of their own (0: none)
     * @param job         names the Spark job to the coordinator
     */
    ReplicaRounds(GpuBoundTrainingWorker replicas, DataSetLoader loader, Broadcast<SerializableHadoopConfig> hadoop,
                  int averagingFrequency, int prefetch, int workers, String coordinator, String job) {
        this.replicas = replicas;
        this.loader = loader;
        this.hadoop = hadoop;
        this.averagingFrequency = averagingFrequency;
        this.prefetch = prefetch;
        this.workers = workers;
        this.coordinator = coordinator;
        this.job = job;
    }

    @Override
    public Iterator<RoundResult> call(Iterator<EpochPlan.WorkerRounds> tasks) throws Exception {
        if (!tasks.hasNext()) {
            return Collections.emptyIterator();
        }
        EpochPlan.WorkerRounds mine = tasks.next();
        AveragingCoordinator.Client averaging = coordinator == null ? null : AveragingCoordinator.connect(coordinator);
        try {
            return Collections.singletonList(train(mine, averaging)).iterator();
        } catch (Exception | Error e) {
            if (averaging != null) {
                try {
                    averaging.reportFailure(job, e);
                } catch (RuntimeException unreported) { // the task's own error is the one to see
                    e.addSuppressed(unreported);
                }
            }
            throw e;
        }
    }

    private RoundResult train(EpochPlan.WorkerRounds mine, AveragingCoordinator.Client averaging) throws Exception {
        List<List<String>> rounds = mine.rounds();
        MultiLayerNetwork replica = replicas.getInitialModel();
        int iterations = replica.getLayerWiseConfigurations().getIterationCount();
        int epoch = replica.getLayerWiseConfigurations().getEpochCount();
        boolean withUpdater = replicas.averagesUpdater();
        boolean fitted = false;
        List<String> files = rounds.stream().flatMap(List::stream).toList();
        try (MinibatchPrefetch minibatches = new MinibatchPrefetch(files, prefetch,
                file -> loader.load(source(file)))) {
            for (int r = 0; r < rounds.size(); r++) {
                fitted = !rounds.get(r).isEmpty();
                for (int i = 0; i < rounds.get(r).size(); i++) {
                    replicas.processMinibatch(minibatches.next(), replica, false);
                }
                if (r == rounds.size() - 1) {
                    break;
                }
                if (averaging != null) {
                    RoundResult own = fitted ? RoundResult.of(replica, withUpdater) : new RoundResult();
                    averaging.exchange(job, mine.firstRound() + r, mine.worker(), workers, own).loadMeanInto(replica);
                }
                // What the driver does after a round: the step count moves on by the averaging frequency, whatever
                // number of minibatches a replica fitted.
                GpuBoundTrainingWorker.setCounts(replica, iterations + (r + 1) * averagingFrequency, epoch);
            }
        }
        RoundResult result = fitted ? RoundResult.of(replica, withUpdater) : new RoundResult();
        replicas.keep(replica);
        return result;
    }

    /** The file at {@code uri}, opened with the driver's Hadoop settings if the loader asks for its stream. */
    private Source source(String uri) {
        return new Source() {
            @Override
            public InputStream getInputStream() throws IOException {
                Path path = new Path(uri);
                return path.getFileSystem(hadoop.getValue().getConfiguration()).open(path);
            }

            @Override
            public String getPath() {
                return uri;
            }
        };
    }
}
