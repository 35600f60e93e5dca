package io.sparkcnn.hosts;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.hdfs.server.datanode.DataNode;
import org.apache.hadoop.hdfs.server.namenode.NameNode;
import org.apache.hadoop.metrics2.lib.DefaultMetricsSystem;

/**
 * An HDFS host: a NameNode and a DataNode in one JVM, both on the given address (Hadoop's own daemons, from the
 * Hadoop jars on the classpath), with fresh storage under a directory. Prints {@value #READY} and the file system's
 * URI once the DataNode has registered, then runs until killed. Usage: {@code HdfsHost ADDRESS DIR}.
 */
public final class HdfsHost {
    static final String READY = "HDFS ready at ";
    static final int NAMENODE_PORT = 8020;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private HdfsHost() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: HdfsHost ADDRESS DIR");
            System.exit(2);
        }
        try {
            run(configuration(args[0], Path.of(args[1])));
        } catch (IOException | RuntimeException e) {
            e.printStackTrace();
            System.exit(1); // Hadoop's non-daemon threads would otherwise keep a failed host alive
        }
    }

    private static void run(Configuration conf) throws IOException, InterruptedException {
        // Formatting and then starting in one JVM registers the NameNode's metrics twice; MiniDFSCluster does this.
        DefaultMetricsSystem.setMiniClusterMode(true);
        NameNode.format(conf);
        NameNode namenode = NameNode.createNameNode(new String[0], conf);
        DataNode datanode = DataNode.createDataNode(new String[0], conf);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (namenode.getNamesystem().getNumLiveDataNodes() < 1 || !datanode.isDatanodeFullyStarted()
                || namenode.isInSafeMode()) {
            if (System.nanoTime() > deadline) {
                System.err.println("the DataNode did not register with the NameNode within " + START_TIMEOUT);
                System.exit(1);
            }
            Thread.sleep(200);
        }
        System.out.println(READY + conf.get("fs.defaultFS"));
        System.out.flush();
        namenode.join();
    }

    /** Every address on {@code address} (HDFS's defaults bind 0.0.0.0 and name hosts by their host name). */
    static Configuration configuration(String address, Path dir) {
        Configuration conf = new HdfsConfiguration();
        conf.set("fs.defaultFS", "hdfs://" + address + ":" + NAMENODE_PORT);
        conf.set("dfs.namenode.rpc-address", address + ":" + NAMENODE_PORT);
        conf.set("dfs.namenode.http-address", address + ":9870");
        conf.set("dfs.namenode.name.dir", dir.resolve("name").toUri().toString());
        conf.set("dfs.datanode.data.dir", dir.resolve("data").toUri().toString());
        conf.set("dfs.datanode.address", address + ":9866");
        conf.set("dfs.datanode.http.address", address + ":9864");
        conf.set("dfs.datanode.ipc.address", address + ":9867");
        conf.set("dfs.datanode.hostname", address);
        conf.set("hadoop.tmp.dir", dir.resolve("tmp").toString());
        conf.setInt("dfs.replication", 1);
        conf.setInt("dfs.namenode.safemode.extension", 0); // a new, empty file system: nothing to wait for
        conf.setBoolean("dfs.permissions.enabled", false);
        conf.setBoolean("dfs.namenode.datanode.registration.ip-hostname-check", false);
        // One DataNode: a write must not wait for a replacement node that does not exist.
        conf.set("dfs.client.block.write.replace-datanode-on-failure.enable", "false");
        return conf;
    }
}
