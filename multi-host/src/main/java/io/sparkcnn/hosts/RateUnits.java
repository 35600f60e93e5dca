package io.sparkcnn.hosts;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Link rates as {@code tc} writes them: {@code 100mbit}, {@code 1gbit}, {@code 512kbit}. */
final class RateUnits {
    private static final Pattern RATE = Pattern.compile("(\\d+)(kbit|mbit|gbit)");

    private RateUnits() {
    }

    static long bitsPerSecond(String rate) {
        Matcher m = RATE.matcher(rate.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("link rate '" + rate + "': expected a number and kbit, mbit or gbit"
                    + " (100mbit, 1gbit)");
        }
        long unit = switch (m.group(2)) {
            case "kbit" -> 1_000L;
            case "mbit" -> 1_000_000L;
            default -> 1_000_000_000L;
        };
        return Long.parseLong(m.group(1)) * unit;
    }
}
