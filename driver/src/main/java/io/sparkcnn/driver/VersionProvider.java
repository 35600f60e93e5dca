package io.sparkcnn.driver;

import java.util.Map;

import io.sparkcnn.output.RunRecord;
import picocli.CommandLine;

/** {@code --version}: ours and the libraries we were built with. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        Map<String, String> v = RunRecord.versions(org.apache.spark.package$.MODULE$.SPARK_VERSION());
        return v.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toArray(String[]::new);
    }
}
