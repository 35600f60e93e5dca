package io.sparkcnn.hosts;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies faults while a driver command runs, timed from the moment its training starts (the driver logs
 * {@value #TRAINING_STARTS}), and undoes them when the command ends: links up again, slowed links back.
 */
final class FaultSchedule {
    private static final Logger LOG = LoggerFactory.getLogger(FaultSchedule.class);
    /** The driver's last line before the first round. */
    static final String TRAINING_STARTS = "scaled with the workers";

    private FaultSchedule() {
    }

    static MultiHostCluster.Run during(MultiHostCluster cluster, List<Fault> faults,
            Supplier<MultiHostCluster.Run> command) {
        return during(cluster, faults, TRAINING_STARTS, command);
    }

    /** The same, the faults timed from the moment the driver's log first holds {@code trigger}. */
    static MultiHostCluster.Run during(MultiHostCluster cluster, List<Fault> faults, String trigger,
            Supplier<MultiHostCluster.Run> command) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "spark-cnn-faults");
            t.setDaemon(true);
            return t;
        });
        try {
            if (!faults.isEmpty()) {
                timer.execute(() -> schedule(cluster, faults, trigger, timer));
            }
            return command.get();
        } finally {
            timer.shutdownNow();
            for (Fault f : faults) {
                if (f.kind() == Fault.Kind.LINK_DOWN) {
                    cluster.network().linkUp(f.host());
                }
            }
        }
    }

    /** Waits (bounded by the command's own limit: the timer dies with it) for the trigger, then times faults. */
    private static void schedule(MultiHostCluster cluster, List<Fault> faults, String trigger,
            ScheduledExecutorService timer) {
        while (!cluster.driverLogHolds(trigger)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return; // the command ended first
            }
        }
        for (Fault f : faults) {
            timer.schedule(() -> apply(cluster, f), f.after().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static void apply(MultiHostCluster cluster, Fault f) {
        LOG.info("fault: {} on {}", f.kind(), f.host());
        switch (f.kind()) {
            case LINK_DOWN -> {
                cluster.network().linkDown(f.host());
                try {
                    Thread.sleep(f.lasting().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    cluster.network().linkUp(f.host());
                }
            }
            case KILL_WORKER -> cluster.killWorker(Integer.parseInt(f.host().substring("worker".length())));
            case SLOW_LINK -> cluster.network().shape(f.host(), f.rate());
            default -> throw new IllegalStateException(f.kind().toString());
        }
    }
}
