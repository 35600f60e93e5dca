package io.sparkcnn.driver;

import picocli.CommandLine.Option;

/** {@code --verbose}, shared by every command; read by {@link SparkCnn}'s failure handler from the parse result. */
final class VerboseOption {
    @Option(names = "--verbose", description = "Show stack traces of unexpected failures.")
    boolean verbose;
}
