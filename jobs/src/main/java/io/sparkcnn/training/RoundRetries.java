package io.sparkcnn.training;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.sparkcnn.data.DataException;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.TaskKilled;
import org.apache.spark.scheduler.BarrierJobSlotsNumberCheckFailed;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.status.api.v1.ExecutorSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the driver does when a Spark job of averaging rounds fails: it starts the job again from the last averaged
 * parameters (which the failed job never changed), up to the run's round retries, each time naming the host and
 * executor whose task failed and why; then it stops with {@link RoundFailedException}. Spark itself does not retry a
 * failed barrier stage ("Could not recover from a failed barrier ResultStage"), and a link down for a few seconds in
 * the middle of a round fails one. A bad input (a corrupt shard: {@link DataException}) is not retried: it would fail
 * the same way.
 *
 * <p>The failed task's host comes from a {@link SparkListener} on the epoch's tasks: Spark's summary of a barrier
 * stage's failure does not name it, and a task on a host that vanished reports nothing itself.
 */
final class RoundRetries implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RoundRetries.class);
    /** How long the failed task's end may take to reach the listener after its job failed (usually milliseconds). */
    private static final long LISTENER_WAIT_MILLIS = 3000;

    private final SparkContext sc;
    private final int retries;
    private final Duration pause;
    private final FailedTasks failedTasks = new FailedTasks();

    /**
     * @param retries how many times a failed job is started again
     * @param pause   the wait before each retry, for a link or host to come back
     */
    RoundRetries(SparkContext sc, int retries, Duration pause) {
        this.sc = sc;
        this.retries = retries;
        this.pause = pause;
        sc.addSparkListener(failedTasks);
    }

    /** Before each try of a job: the tasks that failed before are another try's. */
    void beginTry() {
        failedTasks.clear();
    }

    /**
     * Try {@code tryNumber} (1: the first) of rounds {@code rounds} of epoch {@code epoch} failed with
     * {@code failure}; {@code taskError} is a task's own error as it reported it (null if none did). Returns, after
     * the pause, when the rounds are to be run again; otherwise throws: the task's error for a bad input or a stopped
     * Spark context, {@link RoundFailedException} once the retries are used up.
     */
    void afterFailure(String rounds, int epoch, int tryNumber, Exception failure, Throwable taskError) {
        if (sc.isStopped() || isDataError(failure) || isDataError(taskError)) {
            if (taskError == null && failure instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            throw new IllegalStateException(failure.getMessage(), taskError != null ? taskError : failure);
        }
        String where = failedTasks.awaitFirst().orElseGet(() -> tooFewSlots(failure)
                .map(slots -> slots + lastLostExecutor().map(lost -> "; " + lost).orElse(""))
                .orElseGet(() -> lastLostExecutor()
                        .orElse("no task failed (" + firstLine(failure.getMessage()) + ")")));
        if (tryNumber > retries) {
            throw new RoundFailedException(String.format("averaging rounds %s of epoch %d failed %d time(s), the"
                    + " last time on %s", rounds, epoch, tryNumber, where), taskError != null ? taskError : failure);
        }
        LOG.warn("averaging rounds {} of epoch {} failed on {}; starting them again from the last averaged parameters"
                + " in {} s (retry {} of {}, --round-retries)", rounds, epoch, where, pause.toSeconds(), tryNumber,
                retries);
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted before retrying averaging rounds " + rounds, failure);
        }
    }

    @Override
    public void close() {
        sc.removeSparkListener(failedTasks);
    }

    /**
     * The executor lost last in the application, as Spark's status store keeps it (a Spark-internal API, public to
     * Java): a host lost before the job started fails it without a task of its own (no slot for its replica).
     */
    private Optional<String> lastLostExecutor() {
        return scala.collection.JavaConverters.seqAsJavaList(sc.statusStore().executorList(false)).stream()
                .filter(e -> !e.isActive() && e.removeTime().isDefined())
                .max(Comparator.comparing((ExecutorSummary e) -> e.removeTime().get()))
                .map(e -> "the host of executor " + e.id() + ", " + e.hostPort() + ", lost ("
                        + (e.removeReason().isDefined() ? firstLine(e.removeReason().get()) : "no reason given") + ")");
    }

    /**
     * Spark's check before a barrier stage, when the cluster has fewer task slots than the stage has replicas: an
     * executor lost, or not registered yet. Spark's own message for it ("[SPARK-24819]: Barrier execution mode does
     * not allow...") reads as if the job were wrong, and gives neither count.
     */
    private static Optional<String> tooFewSlots(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BarrierJobSlotsNumberCheckFailed check) {
                return Optional.of(String.format("too few task slots: the barrier stage needs %d, one for each replica,"
                        + " and the cluster had %d (an executor lost or not registered yet)",
                        check.requiredConcurrentTasks(), check.maxConcurrentTasks()));
            }
        }
        return Optional.empty();
    }

    private static boolean isDataError(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof DataException) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    /** The tasks that failed in the current try, each as "host H (executor E): error". */
    private static final class FailedTasks extends SparkListener {
        private static final String CAUSED_BY = "Caused by: ";
        private final List<String> failures = new ArrayList<>();

        @Override
        public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
            if (!(end.reason() instanceof TaskFailedReason reason) || reason instanceof TaskKilled) {
                return; // succeeded, or killed because a partner failed
            }
            String error = reason instanceof ExceptionFailure e ? rootCause(e) : firstLine(reason.toErrorString());
            if (error.contains(AveragingCoordinator.ABORTED)) {
                return; // a partner the coordinator stopped because this task's failure was reported
            }
            failures.add("host " + end.taskInfo().host() + " (executor " + end.taskInfo().executorId() + "): "
                    + firstLine(error));
            notifyAll();
        }

        /** The innermost cause of a task's exception, as its stack trace's last "Caused by" names it. */
        private static String rootCause(ExceptionFailure failure) {
            String root = failure.className() + ": " + failure.description();
            String trace = failure.fullStackTrace() == null ? "" : failure.fullStackTrace();
            for (String line : trace.lines().toList()) {
                if (line.startsWith(CAUSED_BY)) {
                    root = line.substring(CAUSED_BY.length());
                }
            }
            return root;
        }

        synchronized void clear() {
            failures.clear();
        }

        /** The first failure of the try, waiting a little for Spark's listener bus to deliver it. */
        synchronized Optional<String> awaitFirst() {
            long deadline = System.currentTimeMillis() + LISTENER_WAIT_MILLIS;
            try {
                for (long left = LISTENER_WAIT_MILLIS; failures.isEmpty() && left > 0;
                     left = deadline - System.currentTimeMillis()) {
                    wait(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return failures.stream().findFirst();
        }
    }
}
