package io.sparkcnn.models;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Enum constants under their command-line names: parsing that lists the choices when it fails. */
public final class CliNames {
    private CliNames() {
    }

    public static <E extends Enum<E>> E parse(Class<E> type, Function<E, String> cliName, String text, String what) {
        for (E e : type.getEnumConstants()) {
            if (cliName.apply(e).equalsIgnoreCase(text.trim())) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + text + "': expected one of "
                + choices(type, cliName));
    }

    public static <E extends Enum<E>> String choices(Class<E> type, Function<E, String> cliName) {
        return Arrays.stream(type.getEnumConstants()).map(cliName).collect(Collectors.joining(", "));
    }
}
