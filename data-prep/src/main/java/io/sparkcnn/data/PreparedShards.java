package io.sparkcnn.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A dataset prepared for training, on any Hadoop file system: the training set cut into seeded class-balanced
 * shards of minibatch files ({@code train/}), when asked for a fixed class-balanced sample of it to evaluate
 * ({@code train-sample/}; the Spark ML estimator's per-epoch figures without validation rows), the test set
 * ({@code test/}), and {@code manifest.json}, which names the format and its
 * version, the dataset, the counts, and every file with its size and CRC32.
 *
 * <p>Written into a hidden {@code .NAME.partial-*} sibling and renamed into place when complete (one rename on
 * HDFS and on local disks): a directory with a manifest is a finished one. {@link #open} checks that every file
 * the manifest lists is there with its size; each file's CRC32 is checked by whoever reads it
 * ({@link MinibatchFiles#decode}).
 */
public final class PreparedShards {
    public static final String FORMAT = "spark-cnn-minibatches";
    // 2: minibatch files in MinibatchFiles' own layout, not ND4J's DataSet; 3: channels, labels up to 1,000 classes
    public static final int VERSION = 3;
    public static final String MANIFEST = "manifest.json";
    /** A training sample holds at most this many training images. */
    public static final int TRAIN_SAMPLE_MAX = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What manifest.json holds. */
    public record Manifest(String format, int version, String dataset, List<String> labelNames, int rows, int cols,
                           int channels, long seed, int shards, int batchSize, int trainImages, int testImages,
                           List<MinibatchFiles.Entry> train, List<MinibatchFiles.Entry> trainSample,
                           List<MinibatchFiles.Entry> test, String created) {
        /** The images' shape, as every minibatch file holds it. */
        public ImageShape shape() {
            return new ImageShape(rows, cols, channels);
        }
    }

    /**
     * How to cut the data: shards (one or more per worker), minibatch size, seed, an optional subset size, and whether
     * to write a training sample ({@code train-sample/}, at most {@link #TRAIN_SAMPLE_MAX} images).
     */
    public record Plan(int shards, int batchSize, long seed, int trainLimit, boolean trainSample) {
        /** Without a training sample: {@code train} counts its training accuracy in the training passes. */
        public Plan(int shards, int batchSize, long seed, int trainLimit) {
            this(shards, batchSize, seed, trainLimit, false);
        }

        public Plan withTrainSample() {
            return new Plan(shards, batchSize, seed, trainLimit, true);
        }
    }

    private final URI root;
    private final Manifest manifest;

    private PreparedShards(URI root, Manifest manifest) {
        this.root = root;
        this.manifest = manifest;
    }

    /** Prepares {@code train} and {@code test} under {@code target}, replacing whatever is there. */
    public static PreparedShards write(String dataset, List<String> labelNames, LabeledImages train,
                                       LabeledImages test, Plan plan, URI target) {
        test.expectShape(train.shape(), "the shape of the training images");
        if (test.numClasses() != train.numClasses()) {
            throw new DataException(test.source() + ": " + test.numClasses() + " classes, but the training images "
                    + train.source() + " have " + train.numClasses());
        }
        int trainImages = plan.trainLimit() > 0 ? Math.min(plan.trainLimit(), train.size()) : train.size();
        List<int[]> shards = Sharder.split(train.labels(), train.numClasses(), plan.shards(), plan.seed(),
                trainImages);
        List<int[]> sample = plan.trainSample() ? Sharder.split(train.labels(), train.numClasses(), 1,
                plan.seed() + 1, Math.min(trainImages, TRAIN_SAMPLE_MAX)) : List.of();
        try {
            FileSystem fs = FileSystem.get(target, new Configuration());
            Path finalPath = new Path(target);
            Path staging = new Path(finalPath.getParent(), "." + finalPath.getName() + ".partial-" + UUID.randomUUID());
            try {
                List<MinibatchFiles.Entry> trainFiles = MinibatchFiles.write(train, shards, plan.batchSize(), fs,
                        new Path(staging, "train"));
                List<MinibatchFiles.Entry> sampleFiles = MinibatchFiles.write(train, sample, plan.batchSize(), fs,
                        new Path(staging, "train-sample"));
                List<MinibatchFiles.Entry> testFiles = MinibatchFiles.write(test,
                        List.of(MinibatchFiles.range(test.size())), plan.batchSize(), fs, new Path(staging, "test"));
                Manifest m = new Manifest(FORMAT, VERSION, dataset, labelNames, train.rows(), train.cols(),
                        train.shape().channels(), plan.seed(), plan.shards(), plan.batchSize(), trainImages,
                        test.size(), trainFiles, sampleFiles, testFiles, Instant.now().toString());
                try (OutputStream out = HadoopFiles.create(fs, new Path(staging, MANIFEST), true)) {
                    JSON.writeValue(out, m);
                }
                if (fs.exists(finalPath)) {
                    fs.delete(finalPath, true);
                }
                if (!fs.rename(staging, finalPath)) {
                    throw new IOException("renaming " + staging + " to " + finalPath + " failed");
                }
                return new PreparedShards(fs.makeQualified(finalPath).toUri(), m);
            } finally {
                if (fs.exists(staging)) {
                    fs.delete(staging, true);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare shards at " + target + ": " + e.getMessage(), e);
        }
    }

    /** Opens prepared shards, checking the manifest and that every file it lists is present with its size. */
    public static PreparedShards open(URI root) {
        try {
            FileSystem fs = FileSystem.get(root, new Configuration());
            Path manifestPath = new Path(new Path(root), MANIFEST);
            if (!fs.exists(manifestPath)) {
                throw new DataException("shards at " + root + ": no " + MANIFEST + " (expected a directory written by"
                        + " 'spark-cnn prepare'; an interrupted prepare leaves none)");
            }
            Manifest m;
            try (InputStream in = fs.open(manifestPath)) {
                m = JSON.readValue(in, Manifest.class);
            } catch (IOException e) {
                throw new DataException("shards at " + root + ": " + MANIFEST + " is unreadable: " + e.getMessage(), e);
            }
            if (!FORMAT.equals(m.format()) || m.version() != VERSION) {
                throw new DataException("shards at " + root + ": format " + m.format() + " version " + m.version()
                        + ", expected " + FORMAT + " version " + VERSION + "; prepare them again");
            }
            PreparedShards shards = new PreparedShards(fs.makeQualified(new Path(root)).toUri(), m);
            shards.checkPresent(fs, "train", m.train());
            shards.checkPresent(fs, "train-sample", m.trainSample());
            shards.checkPresent(fs, "test", m.test());
            return shards;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open shards at " + root + ": " + e.getMessage(), e);
        }
    }

    private void checkPresent(FileSystem fs, String dir, List<MinibatchFiles.Entry> entries) throws IOException {
        Path path = new Path(new Path(root), dir);
        Map<String, Long> sizes = new HashMap<>();
        if (fs.exists(path)) {
            for (FileStatus s : fs.listStatus(path)) {
                sizes.put(s.getPath().getName(), s.getLen());
            }
        }
        for (MinibatchFiles.Entry e : entries) {
            Long size = sizes.get(e.name());
            if (size == null) {
                throw new DataException("shards at " + root + ": " + dir + "/" + e.name() + " is listed in " + MANIFEST
                        + " but missing");
            }
            if (size != e.bytes()) {
                throw new DataException("shards at " + root + ": " + dir + "/" + e.name() + " has " + size
                        + " bytes, " + MANIFEST + " says " + e.bytes() + " (truncated or replaced)");
            }
        }
    }

    public URI root() {
        return root;
    }

    public Manifest manifest() {
        return manifest;
    }

    public List<String> trainUris() {
        return uris("train", manifest.train());
    }

    /** The training sample's files: none unless its {@link Plan#trainSample} asked for one. */
    public List<String> trainSampleUris() {
        return uris("train-sample", manifest.trainSample());
    }

    public List<String> testUris() {
        return uris("test", manifest.test());
    }

    /** The test set back from its minibatch files (for the pictures, which the driver draws). */
    public LabeledImages loadTest() {
        ImageShape shape = manifest.shape();
        int pixelsPerImage = shape.pixels();
        byte[] pixels = new byte[manifest.testImages() * pixelsPerImage];
        int[] labels = new int[manifest.testImages()];
        int next = 0;
        for (String uri : testUris()) {
            org.nd4j.linalg.dataset.DataSet batch = MinibatchFiles.read(uri);
            float[] f = batch.getFeatures().dup('c').data().asFloat();
            for (int i = 0; i < f.length; i++) {
                pixels[next * pixelsPerImage + i] = (byte) Math.round(f[i] * 255); // files hold byte / 255
            }
            org.nd4j.linalg.api.ndarray.INDArray classes = batch.getLabels().argMax(1);
            for (int i = 0; i < batch.numExamples(); i++) {
                labels[next + i] = classes.getInt(i);
            }
            next += batch.numExamples();
        }
        String source = root + "/test";
        return LabeledImages.pair(new ImageSet(source, manifest.testImages(), shape, pixels), labels, source,
                manifest.labelNames().size());
    }

    private List<String> uris(String dir, List<MinibatchFiles.Entry> entries) {
        Path base = new Path(new Path(root), dir);
        return entries.stream().map(e -> new Path(base, e.name()).toString()).toList();
    }
}
