package io.sparkcnn.driver.reach;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks that services can be reached, each within a few seconds: a name lookup and a TCP connection. Spark retries
 * an unreachable master for about a minute and Hadoop an unreachable namenode for up to fifteen (45 connection
 * timeouts of 20 s); a connection that is refused or silent for {@link #CONNECT_TIMEOUT} is reported at once.
 */
public final class Reachability {
    /** Long enough for a link across a data centre, short enough that a user is not left waiting. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** A name lookup has no timeout of its own; a resolver that does not answer must not hold the run. */
    static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(4);

    private Reachability() {
    }

    /** Returns when one of the endpoint's addresses accepts a connection; otherwise throws, naming it. */
    public static void require(Endpoint endpoint) {
        List<InetAddress> addresses = lookUp(endpoint);
        List<String> failures = new ArrayList<>();
        for (InetAddress address : addresses) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, endpoint.port()), (int) CONNECT_TIMEOUT.toMillis());
                return;
            } catch (IOException e) {
                failures.add(describe(address, endpoint.port(), e));
            }
        }
        throw new UnreachableException("cannot reach " + endpoint.what() + " at " + endpoint.address() + ": "
                + String.join("; ", failures) + ". " + endpoint.howToCheck());
    }

    /**
     * Returns when one of the endpoints answers (standby masters: one is enough); otherwise throws, naming each
     * and why it failed.
     */
    public static void requireAny(List<Endpoint> endpoints) {
        List<String> failures = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            try {
                require(endpoint);
                return;
            } catch (UnreachableException e) {
                failures.add(e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new UnreachableException(String.join(" | ", failures));
        }
    }

    /** Returns when this machine can listen on {@code host} (an address of one of its interfaces). */
    public static void requireLocal(String what, String host, String howToSet) {
        InetAddress address = lookUp(new Endpoint(what, host, 1, howToSet)).get(0);
        try (ServerSocket socket = new ServerSocket(0, 1, address)) {
            socket.getLocalPort();
        } catch (IOException e) {
            throw new UnreachableException(what + " " + host + " is not an address of this machine (" + e.getMessage()
                    + "): 'ip -brief address' lists this machine's addresses; " + howToSet);
        }
    }

    private static List<InetAddress> lookUp(Endpoint endpoint) {
        CompletableFuture<InetAddress[]> lookup = CompletableFuture.supplyAsync(() -> {
            try {
                return InetAddress.getAllByName(endpoint.host());
            } catch (UnknownHostException e) {
                throw new UnreachableException("cannot reach " + endpoint.what() + ": no address for the host name '"
                        + endpoint.host() + "' (check its spelling; 'getent hosts " + endpoint.host()
                        + "' asks the resolver this machine uses)");
            }
        });
        try {
            return List.of(lookup.get(LOOKUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UnreachableException u ? u : new UnreachableException(e.getMessage());
        } catch (TimeoutException e) {
            throw new UnreachableException("cannot reach " + endpoint.what() + ": looking up '" + endpoint.host()
                    + "' took more than " + LOOKUP_TIMEOUT.toSeconds() + " s (is the DNS server reachable? 'getent"
                    + " hosts " + endpoint.host() + "' asks it)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException("interrupted while looking up " + endpoint.host());
        }
    }

    private static String describe(InetAddress address, int port, IOException e) {
        String where = address.getHostAddress() + ":" + port;
        if (e instanceof java.net.SocketTimeoutException) {
            return "no answer from " + where + " within " + CONNECT_TIMEOUT.toSeconds() + " s (a firewall, a down"
                    + " link or host, or a wrong address)";
        }
        if (e instanceof java.net.ConnectException && String.valueOf(e.getMessage()).contains("refused")) {
            return "connection refused by " + where + " (the host is up but nothing listens on port " + port + ")";
        }
        return where + ": " + e.getMessage();
    }
}
