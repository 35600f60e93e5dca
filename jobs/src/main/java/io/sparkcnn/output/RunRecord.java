package io.sparkcnn.output;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The provenance of a run ({@code run.json}): how the model was made, so that months later anyone can answer
 * "with what data, which settings, on which versions?".
 */
public record RunRecord(Map<String, Object> settings, Map<String, Object> dataset, Map<String, String> versions,
                        Map<String, Object> spark, String gitCommit, String started, String finished) {

    /** Library and platform versions: ours and DL4J's as built, Spark's as running, the JVM's and OS's. */
    public static Map<String, String> versions(String sparkVersion) {
        Properties built = new Properties();
        try (InputStream in = RunRecord.class.getResourceAsStream("/spark-cnn-versions.properties")) {
            if (in != null) {
                built.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> v = new LinkedHashMap<>();
        v.put("spark-cnn", built.getProperty("spark-cnn"));
        v.put("spark", sparkVersion);
        v.put("deeplearning4j", built.getProperty("dl4j"));
        v.put("nd4j", built.getProperty("dl4j") + " ("
                + org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getSimpleName()
                + ", " + built.getProperty("nd4j.classifier") + ")");
        v.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        return v;
    }

    /** The commit of the checkout the program was started from, when bin/spark-cnn could tell. */
    public static String currentGitCommit() {
        String commit = System.getProperty("spark-cnn.git.commit");
        return commit == null || commit.isBlank() ? null : commit;
    }
}
