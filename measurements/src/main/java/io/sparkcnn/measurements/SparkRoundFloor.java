package io.sparkcnn.measurements;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * What a Spark job shaped like an averaging round costs by itself in {@code local[2]} (BENCHMARKS.md, "Spark's
 * per-job floor"): a broadcast of 340,000 floats (the seed CNN's parameters and Adam state), two tasks over the
 * partitions of a cached list of 938 file names, each returning 340,000 floats, tree-aggregated on the driver; and,
 * for comparison, a bare {@code count()} of that list. Prints ms per job for three rounds of 30 jobs each (system
 * property {@code rounds}: more; the JIT is still warming up in the third). Arguments: {@code round} (default) or
 * {@code count}, then Spark settings as {@code key=value}.
 */
public final class SparkRoundFloor {
    private static final int FLOATS = 340_000;
    private static final int JOBS = 30;

    private SparkRoundFloor() {
    }

    public static void main(String[] args) {
        boolean countOnly = args.length > 0 && args[0].equals("count");
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("spark-round-floor")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1").set("spark.task.maxDirectResultSize", "64m");
        for (int i = 1; i < args.length; i++) {
            String[] setting = args[i].split("=", 2);
            conf.set(setting[0], setting[1]);
        }
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 938; i++) {
                names.add("file:///tmp/shards/shard-000-batch-" + i + "-00000000.bin");
            }
            JavaRDD<String> files = sc.parallelize(names, 2).cache();
            files.count();
            float[] state = new float[FLOATS];
            for (int round = 1; round <= Integer.getInteger("rounds", 3); round++) {
                long start = System.nanoTime();
                for (int job = 0; job < JOBS; job++) {
                    if (countOnly) {
                        files.count();
                    } else {
                        oneRound(sc, files, state);
                    }
                }
                System.out.printf("%s, round %d: %.1f ms per job%n", countOnly ? "count" : "round", round,
                        (System.nanoTime() - start) / 1e6 / JOBS);
            }
        }
    }

    private static void oneRound(JavaSparkContext sc, JavaRDD<String> files, float[] state) {
        Broadcast<float[]> start = sc.broadcast(state.clone());
        files.mapPartitions(names -> {
            float[] result = start.value().clone();
            while (names.hasNext()) {
                names.next();
                result[0]++;
            }
            return List.of(result).iterator();
        }).treeAggregate(new float[0], (sum, result) -> add(sum, result), SparkRoundFloor::add, 2);
        start.destroy();
    }

    private static float[] add(float[] sum, float[] more) {
        if (sum.length == 0) {
            return more;
        }
        if (more.length == 0) {
            return sum;
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] += more[i];
        }
        return sum;
    }
}
