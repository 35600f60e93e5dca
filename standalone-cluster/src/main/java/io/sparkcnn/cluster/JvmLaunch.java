package io.sparkcnn.cluster;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

/** What a child JVM needs to run our code and Spark's the way this JVM does. */
public record JvmLaunch(Path java, String classpath, List<String> jvmFlags) {

    /**
     * This JVM's own: its java binary, its classpath (Surefire's real test classpath when under Surefire, whose
     * {@code java.class.path} is only a launcher jar), and the flags of bin/jvm-flags it was started with (Surefire's
     * argLine for tests): the module openings Spark and ND4J need on Java 17, and JavaCPP's settings.
     */
    public static JvmLaunch current() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect")
                        || a.startsWith("-Dorg.bytedeco.javacpp.")).toList();
        return new JvmLaunch(java, cp, flags);
    }

    /** The flags as one string, for {@code spark.executor.extraJavaOptions}. */
    public String flagsLine() {
        return String.join(" ", jvmFlags);
    }
}
