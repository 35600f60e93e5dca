package io.sparkcnn.driver.reach;

import java.util.ArrayList;
import java.util.List;

import io.sparkcnn.settings.SettingsException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;

/**
 * The ResourceManagers of {@code --master yarn}, from the Hadoop configuration Spark's YARN client reads (yarn-site.xml
 * on the classpath, which spark-submit puts there from HADOOP_CONF_DIR or YARN_CONF_DIR, and {@code spark.hadoop.*}).
 * Unchecked, an unreachable one holds the run for yarn.resourcemanager.connect.max-wait.ms: 15 minutes by default.
 */
public final class YarnResourceManagers {
    private YarnResourceManagers() {
    }

    /** One endpoint, or one per ResourceManager of an HA pair (one answering is enough: the client fails over). */
    public static List<Endpoint> of(String master, SparkConf sparkConf) {
        YarnConfiguration conf = new YarnConfiguration(SparkHadoopUtil.get().newConfiguration(sparkConf));
        List<String> suffixes = new ArrayList<>();
        if (conf.getBoolean(YarnConfiguration.RM_HA_ENABLED, YarnConfiguration.DEFAULT_RM_HA_ENABLED)) {
            for (String id : conf.getTrimmedStrings(YarnConfiguration.RM_HA_IDS)) {
                suffixes.add("." + id);
            }
        }
        if (suffixes.isEmpty()) {
            suffixes.add("");
        }
        List<Endpoint> managers = new ArrayList<>();
        for (String suffix : suffixes) {
            String key = YarnConfiguration.RM_ADDRESS + suffix;
            String address = address(conf, suffix);
            int colon = address.lastIndexOf(':');
            int port;
            try {
                port = Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (colon < 1 || port < 1 || port > 65_535) {
                throw new SettingsException(key + " '" + address + "' in the Hadoop configuration is not HOST:PORT");
            }
            String host = address.substring(0, colon);
            managers.add(new Endpoint("the YARN ResourceManager of --master " + master + " (" + key + ")", host, port,
                    howToCheck(conf, host, port)));
        }
        return managers;
    }

    /**
     * yarn.resourcemanager.address[.ID] (yarn-default.xml's is {@code ${yarn.resourcemanager.hostname}:8032}, expanded
     * when read), else yarn.resourcemanager.hostname.ID with the default port.
     */
    private static String address(Configuration conf, String suffix) {
        String explicit = conf.getTrimmed(YarnConfiguration.RM_ADDRESS + suffix);
        if (explicit != null) {
            return explicit.contains(":") ? explicit : explicit + ":" + YarnConfiguration.DEFAULT_RM_PORT;
        }
        return conf.getTrimmed(YarnConfiguration.RM_HOSTNAME + suffix, "0.0.0.0") + ":"
                + YarnConfiguration.DEFAULT_RM_PORT;
    }

    private static String howToCheck(Configuration conf, String host, int port) {
        String confDirs = "HADOOP_CONF_DIR " + envOrUnset("HADOOP_CONF_DIR") + ", YARN_CONF_DIR "
                + envOrUnset("YARN_CONF_DIR");
        String site = conf.getResource("yarn-site.xml") == null
                ? "No yarn-site.xml is on the classpath (" + confDirs + "): spark-submit adds those directories; give"
                        + " the address in one, or with --conf spark.hadoop.yarn.resourcemanager.address=HOST:8032."
                : "Its address is yarn.resourcemanager.address (or yarn.resourcemanager.hostname, port 8032) in "
                        + conf.getResource("yarn-site.xml") + " (" + confDirs + ").";
        return site + " 'yarn node -list' on a cluster machine shows whether it runs. From this machine: timeout 3"
                + " bash -c '</dev/tcp/" + host + "/" + port + "' && echo open";
    }

    private static String envOrUnset(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? "not set" : value;
    }
}
