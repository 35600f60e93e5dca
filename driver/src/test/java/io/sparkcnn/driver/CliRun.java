package io.sparkcnn.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;

/** Runs the command line in this JVM as a user would, capturing its exit code and both outputs. */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = SparkCnn.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = SparkCnn.execute(cli, args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** A usage error (exit 2) whose message contains {@code expected}, without a stack trace. */
    static void assertUsageError(CliRun r, String expected) {
        assertEquals(SparkCnn.EXIT_USAGE, r.exitCode(), r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace for a usage error: " + r.err());
    }
}
