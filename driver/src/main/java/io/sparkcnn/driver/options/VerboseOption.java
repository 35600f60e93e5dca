package io.sparkcnn.driver.options;

import picocli.CommandLine.Option;

/** {@code --verbose}, shared by every command; read by {@link SparkCnn}'s failure handler from the parse result. */
public final class VerboseOption {
    @Option(names = "--verbose", description = "Show stack traces of unexpected failures.")
    boolean verbose;
}
