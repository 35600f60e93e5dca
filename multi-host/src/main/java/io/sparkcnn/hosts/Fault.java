package io.sparkcnn.hosts;

import java.time.Duration;

/**
 * A fault during training, counted from the moment training starts: a host's link down for a while, a worker host
 * lost for good (its Spark worker and executor killed), or a host's link slowed to a rate (a straggler).
 */
public record Fault(Kind kind, String host, Duration after, Duration lasting, String rate) {
    public enum Kind { LINK_DOWN, KILL_WORKER, SLOW_LINK }

    /** {@code link-down:HOST:AFTER_S:FOR_S}, {@code kill-worker:N:AFTER_S} or {@code slow-link:HOST:RATE}. */
    public static Fault parse(String text) {
        String[] p = text.split(":");
        try {
            switch (p[0]) {
                case "link-down":
                    if (p.length == 4) {
                        return new Fault(Kind.LINK_DOWN, p[1], seconds(p[2]), seconds(p[3]), null);
                    }
                    break;
                case "kill-worker":
                    if (p.length == 3) {
                        return new Fault(Kind.KILL_WORKER, MultiHostCluster.worker(Integer.parseInt(p[1])),
                                seconds(p[2]), Duration.ZERO, null);
                    }
                    break;
                case "slow-link":
                    if (p.length == 3) {
                        RateUnits.bitsPerSecond(p[2]);
                        return new Fault(Kind.SLOW_LINK, p[1], Duration.ZERO, Duration.ZERO, p[2]);
                    }
                    break;
                default:
                    break;
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--fault " + text + ": " + e.getMessage());
        }
        throw new IllegalArgumentException("--fault " + text + ": expected link-down:HOST:AFTER_S:FOR_S,"
                + " kill-worker:N:AFTER_S or slow-link:HOST:RATE");
    }

    private static Duration seconds(String s) {
        return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
    }
}
