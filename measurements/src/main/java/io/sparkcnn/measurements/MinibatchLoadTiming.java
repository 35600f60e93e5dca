package io.sparkcnn.measurements;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.sparkcnn.data.LabeledImages;
import io.sparkcnn.data.MinibatchFiles;
import org.apache.hadoop.conf.Configuration;
import org.nd4j.linalg.dataset.DataSet;

/**
 * What a replica's task pays per minibatch file before it can fit it: {@code MinibatchFiles.read} with a kept Hadoop
 * {@code Configuration}, as {@code MinibatchReader} calls it on an executor (open, read, check the CRC32 in the name,
 * decode into ND4J arrays). One worker's shard of Fashion-MNIST at 2 workers (the first 30,000 training images, 469
 * files of 64) is written into a temporary directory, then read back in rounds: µs per file of wall time and of the
 * thread's CPU time, median over the files of each round.
 *
 * <p>Arguments: the Fashion-MNIST directory (default Debian's), rounds (default 5).
 */
public final class MinibatchLoadTiming {
    private static final int IMAGES = 30_000;
    private static final int BATCH = 64;

    private MinibatchLoadTiming() {
    }

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args.length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        LabeledImages train = LabeledImages.read(data.resolve("train-images-idx3-ubyte.gz"),
                data.resolve("train-labels-idx1-ubyte.gz"), 10);
        Path dir = Files.createTempDirectory("minibatch-load-timing");
        try {
            List<String> files = MinibatchFiles.write(train, List.of(MinibatchFiles.range(IMAGES)), BATCH,
                    dir.toUri());
            Configuration hadoop = new Configuration();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            double checksum = 0;
            for (int round = 0; round <= rounds; round++) { // round 0 warms up
                long[] wall = new long[files.size()];
                long[] cpu = new long[files.size()];
                for (int i = 0; i < files.size(); i++) {
                    long cpuStart = threads.getCurrentThreadCpuTime();
                    long start = System.nanoTime();
                    DataSet minibatch = MinibatchFiles.read(files.get(i), hadoop);
                    wall[i] = System.nanoTime() - start;
                    cpu[i] = threads.getCurrentThreadCpuTime() - cpuStart;
                    checksum += minibatch.getFeatures().getDouble(0, 300);
                }
                if (round > 0) {
                    System.out.printf("round %d: %d files, %.1f µs wall, %.1f µs CPU per file (medians)%n", round,
                            files.size(), median(wall) / 1e3, median(cpu) / 1e3);
                }
            }
            System.out.printf("(checksum %.3f)%n", checksum);
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
