package io.sparkcnn.examples;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** Reading {@code DIR/CLASS/*.png} (torchvision's ImageFolder layout) with Spark's image data source. */
final class PngFolders {
    private PngFolders() {
    }

    /**
     * Every image under {@code dir/CLASS/} as Spark's image struct (column {@code image}), with its class, the
     * name of its folder, in column {@code class}.
     */
    static Dataset<Row> read(SparkSession spark, String dir) {
        return spark.read().format("image").option("dropInvalid", true).load(dir + "/*")
                .withColumn("class", functions.regexp_extract(functions.col("image.origin"), "/([^/]+)/[^/]+$", 1));
    }
}
