package io.sparkcnn.replica;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import io.sparkcnn.training.AveragingCoordinator;
import io.sparkcnn.training.EpochPlan;
import io.sparkcnn.training.NetworkState;
import io.sparkcnn.training.StateSum;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.datavec.spark.util.SerializableHadoopConfig;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.nd4j.common.loader.Source;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Parameter averaging, the executor's side: one worker's task in a Spark job. It takes a replica (one this executor
 * kept from an earlier job of the epoch, else a new one), loads the job's starting state into it, fits the worker's
 * minibatch files of each of the job's rounds, and between rounds exchanges its state for the mean of all replicas'
 * through the driver's {@link AveragingCoordinator}. It returns its state after the job's last round, for the driver
 * to average, and keeps the replica for the next job.
 *
 * <p>With one round per job, or one worker, nothing is exchanged: only the step count moves on between rounds.
 */
public final class ReplicaTask implements FlatMapFunction<Iterator<EpochPlan.WorkerRounds>, StateSum> {
    private static final long serialVersionUID = 1L;

    /**
     * How a task reads its minibatch files.
     *
     * @param loader   turns a file into a minibatch (verified, perhaps augmented)
     * @param hadoop   the driver's Hadoop settings, for opening files by URI
     * @param prefetch minibatches loaded ahead of the replica on a thread of their own (0: none)
     */
    public record Loading(DataSetLoader loader, Broadcast<SerializableHadoopConfig> hadoop, int prefetch)
            implements Serializable {
    }

    private final Broadcast<MultiLayerConfiguration> configuration;
    private final Broadcast<NetworkState> start;
    private final Loading loading;
    private final int averagingFrequency;
    /** The coordinator's name; null when the job's rounds are not averaged in between. */
    private final String coordinator;
    private final String job;
    private final TaskTimes times;

    /**
     * @param configuration the epoch's network configuration
     * @param start         the network's state at the job's start
     * @param coordinator   the name of the {@link AveragingCoordinator} that averages between the job's rounds
     *                      (null: none)
     * @param job           names the Spark job to the coordinator
     * @param times         where the task adds the time it spends fitting, loading, copying states and waiting
     */
    public ReplicaTask(Broadcast<MultiLayerConfiguration> configuration, Broadcast<NetworkState> start,
                       Loading loading, int averagingFrequency, String coordinator, String job,
                       TaskTimes times) {
        this.configuration = configuration;
        this.start = start;
        this.loading = loading;
        this.averagingFrequency = averagingFrequency;
        this.coordinator = coordinator;
        this.job = job;
        this.times = times;
    }

    @Override
    public Iterator<StateSum> call(Iterator<EpochPlan.WorkerRounds> tasks) throws Exception {
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

    private StateSum train(EpochPlan.WorkerRounds mine, AveragingCoordinator.Client averaging) throws Exception {
        // Bound first, so that a new replica's arrays live on the GPU Spark assigned to this task.
        NetworkPool.Key key = NetworkPool.Key.inThisExecutor(configuration.id(), TaskGpu.bind());
        long clock = System.nanoTime();
        CountingNetwork replica = replicaAtJobStart(key);
        clock = TaskTimes.since(times.copies(), clock);
        int iterations = start.getValue().iterationCount();
        int epoch = start.getValue().epochCount();
        List<List<String>> rounds = mine.rounds();
        boolean fitted = false;
        List<String> files = rounds.stream().flatMap(List::stream).toList();
        try (MinibatchPrefetch minibatches = new MinibatchPrefetch(files, loading.prefetch(),
                file -> loading.loader().load(source(file)))) {
            for (int r = 0; r < rounds.size(); r++) {
                fitted = !rounds.get(r).isEmpty();
                Nd4j.getRandom().setSeed(mine.randomSeed(r)); // this thread's: dropout's masks (EpochPlan)
                for (int i = 0; i < rounds.get(r).size(); i++) {
                    DataSet minibatch = minibatches.next();
                    clock = TaskTimes.since(times.loading(), clock);
                    fit(replica, minibatch);
                    clock = TaskTimes.since(times.fit(), clock);
                }
                if (r == rounds.size() - 1) {
                    break;
                }
                if (averaging != null) {
                    StateSum own = fitted ? StateSum.of(replica, replica.takeCount()) : new StateSum();
                    clock = TaskTimes.since(times.copies(), clock);
                    AveragingCoordinator.Answer answer = averaging.send(job, mine.firstRound() + r, mine.worker(),
                            mine.workers(), own);
                    clock = TaskTimes.since(times.waiting(), clock);
                    // The next round's files, while the other replicas end this round and the driver sums the states.
                    minibatches.readAhead(rounds.get(r + 1).size());
                    clock = TaskTimes.since(times.loading(), clock);
                    StateSum sum = answer.await();
                    clock = TaskTimes.since(times.waiting(), clock);
                    sum.loadMeanInto(replica);
                }
                // What the driver does after a round: the step count moves on by the averaging frequency, whatever
                // number of minibatches a replica fitted.
                NetworkState.setStepCounts(replica, iterations + (r + 1) * averagingFrequency, epoch);
                clock = TaskTimes.since(times.copies(), clock);
            }
        }
        StateSum state = fitted ? StateSum.of(replica, replica.takeCount()) : new StateSum();
        ReplicaPool.giveBack(key, replica);
        TaskTimes.since(times.copies(), clock);
        return state;
    }

    /**
     * A replica holding the job's starting state: an idle one of the epoch this executor kept ({@link ReplicaPool}),
     * else a new one of the epoch's configuration (each replica counts its own iterations).
     */
    private CountingNetwork replicaAtJobStart(NetworkPool.Key key) {
        NetworkState state = start.getValue();
        CountingNetwork replica = ReplicaPool.take(key);
        INDArray updaterState = state.updaterState();
        if (replica == null) {
            replica = new CountingNetwork(configuration.getValue().clone()); // its fast first layer skips the
            replica.init(state.parameters(), false);                           // unused input gradient
            if (updaterState != null) {
                replica.setUpdater(new MultiLayerUpdater(replica, updaterState));
            }
        } else {
            replica.setParams(state.parameters()); // copied into the replica's own parameter array
            if (updaterState != null) {
                replica.getUpdater().getStateViewArray().assign(updaterState);
            }
        }
        NetworkState.setStepCounts(replica, state.iterationCount(), state.epochCount());
        replica.takeCount(); // what a failed task's replica may have counted is not this job's
        Nd4j.getExecutioner().commit();
        return replica;
    }

    /** One optimiser step on {@code minibatch} (the op queue flushed, as DL4J's workers do, so that it is timed). */
    private static void fit(MultiLayerNetwork replica, DataSet minibatch) {
        replica.fit(minibatch);
        Nd4j.getExecutioner().commit();
    }

    /** The file at {@code uri}, opened with the driver's Hadoop settings if the loader asks for its stream. */
    private Source source(String uri) {
        return new Source() {
            @Override
            public InputStream getInputStream() throws IOException {
                Path path = new Path(uri);
                return path.getFileSystem(loading.hadoop().getValue().getConfiguration()).open(path);
            }

            @Override
            public String getPath() {
                return uri;
            }
        };
    }
}
