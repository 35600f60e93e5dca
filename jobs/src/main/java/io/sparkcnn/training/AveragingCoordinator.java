package io.sparkcnn.training;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.spark.SparkEnv;
import org.apache.spark.SparkException;
import org.apache.spark.TaskContext;
import org.apache.spark.rpc.RpcCallContext;
import org.apache.spark.rpc.RpcEndpointRef;
import org.apache.spark.rpc.RpcEnv;
import org.apache.spark.rpc.RpcTimeout;
import org.apache.spark.rpc.ThreadSafeRpcEndpoint;
import org.apache.spark.util.RpcUtils;
import scala.Function1;
import scala.concurrent.Await;
import scala.concurrent.Future;
import scala.concurrent.duration.FiniteDuration;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractPartialFunction;
import scala.runtime.BoxedUnit;

/**
 * Averages the workers' replicas between the rounds of a Spark job, on the driver: every worker sends its replica's
 * state at the end of a round and waits; once all have, each gets back what the driver's {@link AveragingRule} makes
 * of their sum (added in worker order, so every replica goes on from the same state, the one the driver's own
 * averaging would give; for plain averaging, the sum itself, whose mean each replica loads) and the driver's
 * {@link RoundListener} hears of the round. The traffic is one state in and one out per worker
 * and round, as with a broadcast and an aggregate, but without a Spark job, which costs ~20-40 ms here whatever it
 * does (BENCHMARKS.md).
 *
 * <p>An endpoint of Spark's own RPC (as the barrier coordinator behind {@code BarrierTaskContext} is; its
 * {@code allGather} would do the same job, but polls for the answer once a second and sends every worker every
 * state). One per epoch, named uniquely; {@link #close} removes it. Messages come one at a time (a thread-safe
 * endpoint); {@link #abort} comes from the driver's thread, hence the locking.
 */
public final class AveragingCoordinator implements ThreadSafeRpcEndpoint {
    /** How a worker's wait ends when the coordinator gives up on its round; a task failing so is not the cause. */
    static final String ABORTED = "averaging aborted: ";
    private static final ClassTag<StateSum> REPLY = ClassTag$.MODULE$.apply(StateSum.class);
    /** How long a worker waits for the others before checking whether Spark has killed its task. */
    private static final FiniteDuration POLL = new FiniteDuration(100, TimeUnit.MILLISECONDS);
    /** No limit in practice: a round lasts as long as the slowest replica takes, and a failed job aborts the wait. */
    private static final RpcTimeout NO_TIMEOUT = new RpcTimeout(new FiniteDuration(365, TimeUnit.DAYS),
            "spark-cnn averaging");

    /** What a worker sends at the end of a round. */
    record Contribution(String job, int attempt, int round, int worker, int workers, String host, StateSum state)
            implements Serializable {
    }

    /** What a worker whose task fails sends before it ends: the driver reports this error, not Spark's summary. */
    record TaskFailure(String job, Throwable error) implements Serializable {
    }

    private record RoundKey(String job, int attempt, int round) {
    }

    private static final class Gathering {
        final StateSum[] states;
        final List<RpcCallContext> waiting = new ArrayList<>();
        final long firstArrival = System.nanoTime();

        Gathering(int workers) {
            states = new StateSum[workers];
        }
    }

    private final RpcEnv rpcEnv;
    private final String name;
    private final int rounds;
    private final RoundListener listener;
    private final AveragingRule rule;
    private final Map<RoundKey, Gathering> open = new HashMap<>();
    private final RoundStragglers stragglers = new RoundStragglers();
    private Throwable firstFailure;
    /** The job whose workers are heard (a retried job has a name of its own); null: any. */
    private String currentJob;
    private RpcEndpointRef self;

    private AveragingCoordinator(RpcEnv rpcEnv, String name, int rounds, RoundListener listener,
                                 AveragingRule rule) {
        this.rpcEnv = rpcEnv;
        this.name = name;
        this.rounds = rounds;
        this.listener = listener;
        this.rule = rule;
    }

    /**
     * A coordinator for an epoch of {@code rounds} rounds, registered with the driver's RPC environment; {@code rule}
     * turns each round's sum into the state the replicas go on from.
     */
    static AveragingCoordinator start(int rounds, RoundListener listener, AveragingRule rule) {
        RpcEnv env = SparkEnv.get().rpcEnv();
        AveragingCoordinator coordinator = new AveragingCoordinator(env, "spark-cnn-averaging-" + UUID.randomUUID(),
                rounds, listener, rule);
        coordinator.self = env.setupEndpoint(coordinator.name, coordinator);
        return coordinator;
    }

    /** The name workers find it by. */
    String name() {
        return name;
    }

    void close() {
        stragglers.logSummary();
        abort("training stopped");
        rpcEnv.stop(self);
    }

    /**
     * The driver starts job {@code job}: from now on only its workers are heard. Workers of an earlier job still
     * running (their job failed and is being retried) are told to stop, and their failures are not this job's.
     */
    synchronized void beginJob(String job) {
        currentJob = job;
        firstFailure = null;
    }

    /** Fails every worker still waiting (their job failed: they would wait for a worker that is gone). */
    synchronized void abort(String why) {
        for (Gathering gathering : open.values()) {
            for (RpcCallContext context : gathering.waiting) {
                context.sendFailure(new SparkException(ABORTED + why));
            }
        }
        open.clear();
    }

    /**
     * The first error a worker's task reported (null if none did). A barrier stage's failure carries only Spark's
     * summary of it, not the error itself (which, for a corrupt file, names the file).
     */
    synchronized Throwable firstFailure() {
        return firstFailure;
    }

    @Override
    public RpcEnv rpcEnv() {
        return rpcEnv;
    }

    @Override
    public scala.PartialFunction<Object, BoxedUnit> receiveAndReply(RpcCallContext context) {
        return new AbstractPartialFunction<>() {
            @Override
            public boolean isDefinedAt(Object message) {
                return message instanceof Contribution || message instanceof TaskFailure;
            }

            @Override
            public <A1, B1> B1 applyOrElse(A1 message, Function1<A1, B1> otherwise) {
                if (message instanceof Contribution contribution) {
                    receive(contribution, context);
                } else if (message instanceof TaskFailure failure) {
                    failed(failure);
                    context.reply(Boolean.TRUE);
                } else {
                    return otherwise.apply(message);
                }
                @SuppressWarnings("unchecked")
                B1 unit = (B1) BoxedUnit.UNIT;
                return unit;
            }
        };
    }

    private synchronized void failed(TaskFailure failure) {
        if (!isCurrent(failure.job())) {
            return;
        }
        if (firstFailure == null) {
            firstFailure = failure.error();
        }
        // Its partners would otherwise wait until Spark kills them.
        abort("a worker's task failed: " + failure.error());
    }

    private boolean isCurrent(String job) {
        return currentJob == null || currentJob.equals(job);
    }

    private synchronized void receive(Contribution c, RpcCallContext context) {
        if (!isCurrent(c.job())) {
            context.sendFailure(new SparkException(ABORTED + "its job " + c.job() + " failed and was started again"));
            return;
        }
        // A retried stage's workers start over: those of an earlier attempt would wait for partners that are gone.
        for (Iterator<Map.Entry<RoundKey, Gathering>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<RoundKey, Gathering> entry = it.next();
            if (entry.getKey().job().equals(c.job()) && entry.getKey().attempt() < c.attempt()) {
                entry.getValue().waiting.forEach(waiting ->
                        waiting.sendFailure(new SparkException(ABORTED + "a later attempt of its stage replaced it")));
                it.remove();
            }
        }
        RoundKey key = new RoundKey(c.job(), c.attempt(), c.round());
        Gathering gathering = open.computeIfAbsent(key, k -> new Gathering(c.workers()));
        gathering.states[c.worker()] = c.state();
        gathering.waiting.add(context);
        if (gathering.waiting.size() < gathering.states.length) {
            return;
        }
        open.remove(key);
        stragglers.lastArrival(c.round(), c.worker(), c.host(), System.nanoTime() - gathering.firstArrival);
        StateSum sum = new StateSum();
        for (StateSum state : gathering.states) {
            sum.merge(state);
        }
        StateSum next = rule.next(sum);
        gathering.waiting.forEach(waiting -> waiting.reply(next));
        listener.roundDone(c.round(), rounds, sum.meanLoss(), sum.drift(), sum.trained());
    }

    /** On an executor: the way to the coordinator called {@code name}, found once per task. */
    public static Client connect(String name) {
        SparkEnv env = SparkEnv.get();
        return new Client(RpcUtils.makeDriverRef(name, env.conf(), env.rpcEnv()));
    }

    /** The sum of a round's states, on its way to a task. */
    public static final class Answer {
        private final TaskContext task;
        private final Future<StateSum> reply;

        private Answer(TaskContext task, Future<StateSum> reply) {
            this.task = task;
            this.reply = reply;
        }

        /** The sum of all workers' states, waiting for the others (and giving up when Spark kills the task). */
        public StateSum await() throws Exception {
            while (true) {
                try {
                    return Await.result(reply, POLL);
                } catch (java.util.concurrent.TimeoutException e) {
                    task.killTaskIfInterrupted();
                }
            }
        }
    }

    /** A task's way to the coordinator. */
    public static final class Client {
        private final RpcEndpointRef coordinator;

        private Client(RpcEndpointRef coordinator) {
            this.coordinator = coordinator;
        }

        /**
         * Sends worker {@code worker}'s state at the end of {@code round} of {@code job}, without waiting: the sum of
         * all {@code workers}' states comes by the answer's {@link Answer#await}, and the task may do other work first.
         */
        public Answer send(String job, int round, int worker, int workers, StateSum own) {
            TaskContext task = TaskContext.get();
            String host = SparkEnv.get().blockManager().blockManagerId().host();
            return new Answer(task, coordinator.ask(new Contribution(job, task.stageAttemptNumber(), round,
                    worker, workers, host, own), NO_TIMEOUT, REPLY));
        }

        /** Tells the coordinator why this task fails, and waits until it knows. */
        public void reportFailure(String job, Throwable error) {
            coordinator.askSync(new TaskFailure(job, error), RpcUtils.askRpcTimeout(SparkEnv.get().conf()),
                    ClassTag$.MODULE$.apply(Boolean.class));
        }
    }
}
