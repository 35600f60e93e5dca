package io.sparkcnn.yarn;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * A YARN cluster in this JVM: hadoop-minicluster's ResourceManager and one NodeManager on 127.0.0.1, set up as Spark's
 * own BaseYarnClusterSuite sets up its MiniYARNCluster. The NodeManager launches containers (the ApplicationMaster and
 * Spark's executors) as child processes of this JVM; {@link #close} stops them with the cluster.
 */
final class MiniYarn implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final MiniYARNCluster cluster;
    private final Path confDir;

    private MiniYarn(MiniYARNCluster cluster, Path confDir) {
        this.cluster = cluster;
        this.confDir = confDir;
    }

    /**
     * Starts the cluster with {@code nodeMemoryMb} for containers on its one node, and writes its configuration as
     * the {@code yarn-site.xml} of {@link #confDir()}, the directory a user's HADOOP_CONF_DIR would be.
     */
    static MiniYarn start(String name, int nodeMemoryMb, Path confDir) {
        YarnConfiguration conf = new YarnConfiguration();
        conf.set(YarnConfiguration.RM_HOSTNAME, "127.0.0.1");
        conf.setInt(YarnConfiguration.NM_PMEM_MB, nodeMemoryMb);
        conf.setInt(YarnConfiguration.NM_VCORES, 4);
        // Containers as small as Spark asks for (its 384 MB overhead included), not rounded up to YARN's 1 GB.
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, nodeMemoryMb);
        // The physical-memory check stays on (a container over its size is killed, as on a real cluster); the
        // virtual-memory one is off, as on most: a JVM maps far more address space than it uses.
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        // A disk filled by other work on this machine must not mark the only node unhealthy.
        conf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
        // hadoop-client-minicluster has no capacity-scheduler.xml: one queue, all of the cluster.
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
        conf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
        conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
        conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        conf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);

        MiniYARNCluster cluster = new MiniYARNCluster(name, 1, 1, 1);
        MiniYarn yarn = new MiniYarn(cluster, confDir);
        try {
            cluster.init(conf);
            cluster.start();
            yarn.awaitAddressAndNode();
            yarn.writeSiteFile();
            return yarn;
        } catch (RuntimeException | IOException e) {
            yarn.close();
            throw new IllegalStateException("MiniYARNCluster did not start: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            yarn.close();
            throw new IllegalStateException("interrupted while starting MiniYARNCluster", e);
        }
    }

    /**
     * start() may return before the ResourceManager has put its port into the configuration (Spark's suite waits for
     * the same), and before the NodeManager has registered: an application submitted then would wait for a node.
     */
    private void awaitAddressAndNode() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (resourceManagerAddress().endsWith(":0")) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the ResourceManager's address is still " + resourceManagerAddress() + " after "
                        + START_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
        try {
            if (!cluster.waitForNodeManagersToConnect(START_TIMEOUT.toMillis())) {
                throw new IOException("the NodeManager did not register within " + START_TIMEOUT.toSeconds() + " s");
            }
        } catch (org.apache.hadoop.yarn.exceptions.YarnException e) {
            throw new IOException(e);
        }
    }

    private void writeSiteFile() throws IOException {
        Files.createDirectories(confDir);
        Configuration conf = cluster.getConfig();
        Path partial = confDir.resolve(".yarn-site.xml.partial");
        try (OutputStream out = Files.newOutputStream(partial)) {
            conf.writeXml(out);
        }
        Files.move(partial, confDir.resolve("yarn-site.xml"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** HOST:PORT of the ResourceManager's client RPC. */
    String resourceManagerAddress() {
        return cluster.getConfig().get(YarnConfiguration.RM_ADDRESS);
    }

    /** The final status the ResourceManager recorded for an application (SUCCEEDED, FAILED, ...), or null. */
    String finalStatus(String applicationId) {
        return cluster.getResourceManager().getRMContext().getRMApps().values().stream()
                .filter(app -> app.getApplicationId().toString().equals(applicationId))
                .map(app -> app.getFinalApplicationStatus().toString()).findFirst().orElse(null);
    }

    /** Holds yarn-site.xml: give it as HADOOP_CONF_DIR (and on the classpath) to spark-submit. */
    Path confDir() {
        return confDir;
    }

    /**
     * Where the NodeManager keeps its containers' logs (each container's stdout and stderr), which stay after the
     * application ends; not its local directories beside them, which it deletes as containers finish.
     */
    Path logDir() {
        try (java.util.stream.Stream<Path> dirs = Files.list(cluster.getTestWorkDir().toPath())) {
            return dirs.filter(d -> d.getFileName().toString().contains("-logDir-nm-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no NodeManager log directory in "
                            + cluster.getTestWorkDir()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            cluster.stop();
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("MiniYARNCluster did not stop cleanly: " + e, e));
        }
    }
}
