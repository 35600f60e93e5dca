package io.sparkcnn.driver.reach;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.sparkcnn.settings.SettingsException;
import org.apache.hadoop.conf.Configuration;

/** The services named by a Spark master URL or a Hadoop URI, as endpoints to check before the run waits on them. */
public final class ClusterEndpoints {
    /** The namenode's RPC port when an hdfs:// URI gives none (Hadoop's dfs.namenode.rpc-address default). */
    static final int HDFS_DEFAULT_PORT = 8020;

    private ClusterEndpoints() {
    }

    /**
     * The masters of a {@code spark://HOST:PORT[,HOST:PORT...]} URL (several with ZooKeeper standby masters; one
     * answering is enough), or of {@code k8s://https://HOST:PORT}; none for local modes and for YARN, whose
     * ResourceManager comes from the Hadoop configuration ({@link YarnResourceManagers}).
     */
    public static List<Endpoint> sparkMasters(String master) {
        if (master.startsWith("spark://")) {
            List<Endpoint> masters = new ArrayList<>();
            for (String hostPort : master.substring("spark://".length()).split(",")) {
                masters.add(sparkMaster(master, hostPort.trim()));
            }
            return masters;
        }
        if (master.startsWith("k8s://")) {
            URI api = URI.create(master.substring("k8s://".length()));
            int port = api.getPort() > 0 ? api.getPort() : "http".equals(api.getScheme()) ? 80 : 443;
            return List.of(new Endpoint("the Kubernetes API server of --master " + master, api.getHost(), port,
                    "'kubectl cluster-info' shows the address the cluster answers on."));
        }
        return List.of();
    }

    private static Endpoint sparkMaster(String master, String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = colon > 0 ? hostPort.substring(0, colon).replaceAll("^\\[|]$", "") : "";
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            port = -1;
        }
        if (host.isEmpty() || port < 1 || port > 65_535) {
            throw new SettingsException("--master " + master + ": '" + hostPort + "' is not HOST:PORT; a standalone"
                    + " master's URL looks like spark://HOST:7077 (the master's log and web UI show it)");
        }
        return new Endpoint("the Spark master of --master " + master, host, port, "Is the master running? Its log says"
                + " 'Starting Spark master at spark://HOST:PORT' and its web UI (port 8080 by default) shows the URL."
                + " From this machine: timeout 3 bash -c '</dev/tcp/" + host + "/" + port + "' && echo open");
    }

    /**
     * The namenode of an {@code hdfs://} URI, unless its authority is an HA nameservice of the Hadoop configuration
     * (the client then fails over between the namenodes the configuration lists).
     */
    public static Optional<Endpoint> hdfsNamenode(URI uri, String option) {
        if (!"hdfs".equals(uri.getScheme()) || uri.getHost() == null) {
            return Optional.empty();
        }
        if (uri.getPort() < 0 && isNameservice(uri.getHost())) {
            return Optional.empty();
        }
        int port = uri.getPort() > 0 ? uri.getPort() : HDFS_DEFAULT_PORT;
        return Optional.of(new Endpoint("the HDFS namenode of " + option + " " + uri, uri.getHost(), port,
                "Is the namenode running ('hdfs dfsadmin -report' on a cluster machine)? Its RPC address is"
                        + " fs.defaultFS in core-site.xml (port 8020 by default; 9870 is its web UI, not RPC)."));
    }

    private static boolean isNameservice(String host) {
        Configuration conf = new Configuration();
        conf.addResource("hdfs-site.xml");
        return Arrays.asList(conf.getTrimmedStrings("dfs.nameservices")).contains(host);
    }
}
