package io.sparkcnn.driver.reach;

/**
 * A TCP service the run needs: what it is (as the user named it: "the Spark master", "the HDFS namenode of
 * --shards"), where, and what the user can run to look into it when it cannot be reached.
 */
public record Endpoint(String what, String host, int port, String howToCheck) {
    public Endpoint {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(what + ": port " + port + " is outside 1-65535");
        }
    }

    /** {@code host:port}, with brackets around an IPv6 literal. */
    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
