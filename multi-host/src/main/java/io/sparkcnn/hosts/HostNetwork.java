package io.sparkcnn.hosts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts as Linux network namespaces on one machine: each host a namespace with an {@code eth0} of its own address in
 * {@value #SUBNET}, a veth pair into a bridge that lives in a namespace of its own (the switch), so traffic goes only
 * between these hosts, never to the machine's own interfaces. A host's link can be rate-limited ({@code tc tbf}, both
 * directions) and taken down and up at the switch, as a cable pulled and plugged back.
 *
 * <p>Namespaces are named {@code scnnPID-HOST} after the JVM that made them: {@link #removeLeftovers} removes those of
 * JVMs no longer alive (and the processes inside them), and closing, or this JVM exiting, removes this one's.
 */
public final class HostNetwork implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostNetwork.class);
    public static final String SUBNET = "10.77.0.0/24";
    static final String PREFIX = "scnn";
    private static final String SWITCH = "switch";
    private static final String BRIDGE = "br0";
    private static final String NIC = "eth0";

    private final String owner = PREFIX + ProcessHandle.current().pid() + "-";
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final Thread shutdownHook = new Thread(this::removeAll, "spark-cnn-hosts-remove");

    private HostNetwork() {
    }

    /** Makes the switch and one host per name, addresses 10.77.0.2, .3, ... in the order given. */
    public static HostNetwork create(List<String> hosts) {
        if (hosts.isEmpty() || hosts.size() > 200) {
            throw new IllegalArgumentException("1 to 200 hosts, was " + hosts.size());
        }
        removeLeftovers();
        HostNetwork network = new HostNetwork();
        Runtime.getRuntime().addShutdownHook(network.shutdownHook);
        try {
            network.make(hosts);
            return network;
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }

    private void make(List<String> hosts) {
        String sw = namespace(SWITCH);
        ip("netns", "add", sw);
        ip("-n", sw, "link", "set", "lo", "up");
        ip("-n", sw, "link", "add", BRIDGE, "type", "bridge");
        ip("-n", sw, "link", "set", BRIDGE, "up");
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(i);
            String ns = namespace(host);
            String address = "10.77.0." + (i + 2);
            ip("netns", "add", ns);
            addresses.put(host, address);
            ip("link", "add", NIC, "netns", ns, "type", "veth", "peer", "name", port(host), "netns", sw);
            ip("-n", sw, "link", "set", "dev", port(host), "master", BRIDGE);
            ip("-n", sw, "link", "set", "dev", port(host), "up");
            ip("-n", ns, "link", "set", "lo", "up");
            ip("-n", ns, "addr", "add", address + "/24", "dev", NIC);
            ip("-n", ns, "link", "set", NIC, "up");
        }
        LOG.info("hosts up on {}: {}", SUBNET, addresses);
    }

    public List<String> hosts() {
        return List.copyOf(addresses.keySet());
    }

    public String address(String host) {
        String address = addresses.get(host);
        if (address == null) {
            throw new IllegalArgumentException("no host '" + host + "'; hosts are " + addresses.keySet());
        }
        return address;
    }

    /** The command prefix that runs a program on {@code host}: {@code ip netns exec NAMESPACE}. */
    public List<String> exec(String host) {
        address(host);
        return List.of("ip", "netns", "exec", namespace(host));
    }

    /** Limits the host's link to {@code rate} ({@code tc} units: 100mbit, 1gbit, 3mbit) in both directions. */
    public void shape(String host, String rate) {
        long bitsPerSecond = RateUnits.bitsPerSecond(rate);
        // A token bucket of 10 ms of the rate (at least a few packets), queueing up to 100 ms before dropping.
        String burst = Long.toString(Math.max(16 * 1514, bitsPerSecond / 8 / 100));
        List<String> tbf = List.of("root", "tbf", "rate", rate, "burst", burst, "latency", "100ms");
        tc(namespace(host), NIC, tbf);
        tc(namespace(SWITCH), port(host), tbf);
    }

    /** Removes the host's rate limit. */
    public void unshape(String host) {
        Commands.attempt(List.of("tc", "-n", namespace(host), "qdisc", "del", "dev", NIC, "root"));
        Commands.attempt(List.of("tc", "-n", namespace(SWITCH), "qdisc", "del", "dev", port(host), "root"));
    }

    /** Takes the host's link down at the switch: its packets go nowhere, as with a pulled cable. */
    public void linkDown(String host) {
        ip("-n", namespace(SWITCH), "link", "set", "dev", port(host), "down");
        LOG.info("link of {} ({}) down", host, address(host));
    }

    public void linkUp(String host) {
        ip("-n", namespace(SWITCH), "link", "set", "dev", port(host), "up");
        LOG.info("link of {} ({}) up", host, address(host));
    }

    /** Bytes the host has received and sent on its link so far: {@code {rx, tx}}. */
    public long[] bytes(String host) {
        try {
            JsonNode link = new ObjectMapper().readTree(Commands.run(List.of("ip", "-n", namespace(host), "-s", "-j",
                    "link", "show", NIC))).path(0).path("stats64");
            return new long[] {link.at("/rx/bytes").asLong(), link.at("/tx/bytes").asLong()};
        } catch (java.io.IOException e) {
            throw new HostException("cannot read the link statistics of " + host + ": " + e.getMessage());
        }
    }

    private void tc(String ns, String dev, List<String> qdisc) {
        List<String> command = new ArrayList<>(List.of("tc", "-n", ns, "qdisc", "replace", "dev", dev));
        command.addAll(qdisc);
        Commands.run(command);
    }

    private String namespace(String host) {
        return owner + host;
    }

    private static String port(String host) {
        String name = "p-" + host;
        return name.length() <= 15 ? name : name.substring(0, 15); // the kernel's limit for interface names
    }

    private static void ip(String... args) {
        List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(args));
        Commands.run(command);
    }

    /** Stops every process left in this network's namespaces and deletes them. */
    @Override
    public void close() {
        removeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running or has run
        }
    }

    private void removeAll() {
        remove(owner);
    }

    /** Removes the namespaces (and processes inside them) of harness JVMs that are gone; returns how many. */
    public static int removeLeftovers() {
        int removed = 0;
        for (String ns : namespaces()) {
            String pid = ns.substring(PREFIX.length(), ns.indexOf('-'));
            boolean ownerAlive = pid.chars().allMatch(Character::isDigit)
                    && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
            if (!ownerAlive) {
                removed += remove(PREFIX + pid + "-");
            }
        }
        return removed;
    }

    private static int remove(String owner) {
        List<String> mine = namespaces().stream().filter(ns -> ns.startsWith(owner)).toList();
        for (String ns : mine) {
            NamespaceProcesses.stop(ns);
        }
        for (String ns : mine) {
            Commands.attempt(List.of("ip", "netns", "del", ns));
        }
        return mine.size();
    }

    private static List<String> namespaces() {
        return Commands.attempt(List.of("ip", "netns", "list")).lines().map(l -> l.split(" ")[0])
                .filter(n -> n.startsWith(PREFIX) && n.indexOf('-') > PREFIX.length()).toList();
    }
}
