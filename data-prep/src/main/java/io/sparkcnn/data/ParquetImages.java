package io.sparkcnn.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Labelled images in Parquet (rows as {@link ParquetRows} reads them), in a directory that holds the training rows
 * as files whose names start with {@code train} ({@code train.parquet}, Hugging Face's
 * {@code train-00000-of-00001.parquet}) or as a {@code train/} directory of part files (what Spark's
 * {@code df.write.parquet("DIR/train")} writes), and the test rows likewise ({@code test...}). Every image must have
 * the first training image's size; the channels are that image's (gray when stored gray, else RGB). Class numbers
 * are labels as they are (classes 0 to the largest); class names are sorted, and label 0 is the first.
 */
public record ParquetImages(Path dir) implements DatasetSource {
    public static final String TRAIN = "train";
    public static final String TEST = "test";

    /** Whether {@code dir} holds training rows in Parquet. */
    public static boolean looksLike(Path dir) {
        return Files.isDirectory(dir) && !files(dir, TRAIN).isEmpty();
    }

    /** The classes: the training labels' names, sorted, or the numbers 0 to the largest training label. */
    public List<String> classNames() {
        List<Object> labels = new ArrayList<>();
        for (Path file : parts(TRAIN)) {
            ParquetRows.each(file, (row, where) -> labels.add(ParquetRows.label(row, where)));
        }
        List<String> names;
        if (labels.stream().allMatch(l -> l instanceof Integer)) {
            int largest = labels.stream().mapToInt(l -> (Integer) l).max().orElse(0);
            names = IntStream.rangeClosed(0, largest).mapToObj(Integer::toString).toList();
        } else {
            names = labels.stream().map(Object::toString).distinct().sorted().toList();
        }
        if (names.size() < 2 || names.size() > LabeledImages.MAX_CLASSES) {
            throw new DataException(dir + ": the training rows have " + names.size() + " classes, expected 2 to "
                    + LabeledImages.MAX_CLASSES);
        }
        return names;
    }

    @Override
    public ImageShape shape() {
        BufferedImage[] first = new BufferedImage[1];
        ParquetRows.each(parts(TRAIN).get(0), (row, where) -> {
            first[0] = ParquetRows.image(row, where);
            return false;
        });
        if (first[0] == null) {
            throw new DataException(parts(TRAIN).get(0) + ": no rows");
        }
        return PictureFiles.shapeOf(first[0]);
    }

    @Override
    public LabeledImages train(int numClasses) {
        return load(TRAIN, numClasses);
    }

    @Override
    public LabeledImages test(int numClasses) {
        return load(TEST, numClasses);
    }

    @Override
    public Path location() {
        return dir;
    }

    @Override
    public Map<String, Object> provenance() {
        Map<String, Object> md5s = new LinkedHashMap<>();
        for (String part : List.of(TRAIN, TEST)) {
            for (Path file : parts(part)) {
                md5s.put(dir.relativize(file).toString(), Md5.ofFile(file));
            }
        }
        return Map.of("layout", "parquet", "md5", md5s);
    }

    private LabeledImages load(String part, int numClasses) {
        ImageShape shape = shape();
        List<String> classes = classNames();
        java.io.ByteArrayOutputStream pixels = new java.io.ByteArrayOutputStream();
        List<Integer> labels = new ArrayList<>();
        for (Path file : parts(part)) {
            ParquetRows.each(file, (row, where) -> {
                BufferedImage image = ParquetRows.image(row, where);
                if (image.getHeight() != shape.rows() || image.getWidth() != shape.cols()) {
                    throw new DataException(where + ": an image of " + image.getHeight() + "x" + image.getWidth()
                            + " pixels, expected " + shape.rows() + "x" + shape.cols() + " like the first training"
                            + " image (every image must have one size: resize them first)");
                }
                pixels.writeBytes(PictureFiles.planes(image, shape.channels()));
                labels.add(classOf(ParquetRows.label(row, where), classes, where));
                return true;
            });
        }
        String source = dir.resolve(part) + "*";
        ImageSet images = new ImageSet(source, labels.size(), shape, pixels.toByteArray());
        return LabeledImages.pair(images, labels.stream().mapToInt(Integer::intValue).toArray(), source, numClasses);
    }

    /** A class number as it is (checked against the class count when paired), a class name by its place. */
    private static int classOf(Object label, List<String> classes, String where) {
        if (label instanceof Integer number) {
            return number;
        }
        int index = classes.indexOf(label.toString());
        if (index < 0) {
            throw new DataException(where + ": label '" + label + "' is not one of the training classes " + classes);
        }
        return index;
    }

    /** The Parquet files of a part, in order; none is an error naming the directory. */
    private List<Path> parts(String part) {
        List<Path> found = files(dir, part);
        if (found.isEmpty()) {
            throw new DataException(dir + ": no " + part + " rows (expected " + part + ".parquet, " + part
                    + "-*.parquet or a " + part + "/ directory of .parquet files)");
        }
        return found;
    }

    private static List<Path> files(Path dir, String part) {
        List<Path> found = new ArrayList<>(list(dir).filter(p -> p.getFileName().toString().startsWith(part)
                && p.getFileName().toString().endsWith(".parquet") && Files.isRegularFile(p)).toList());
        Path sub = dir.resolve(part);
        if (Files.isDirectory(sub)) {
            found.addAll(list(sub).filter(p -> p.getFileName().toString().endsWith(".parquet")
                    && Files.isRegularFile(p)).toList());
        }
        return found;
    }

    private static Stream<Path> list(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> !p.getFileName().toString().startsWith(".")
                    && !p.getFileName().toString().startsWith("_")).sorted().toList().stream();
        } catch (IOException e) {
            throw new DataException(folder + ": cannot be listed (" + e.getMessage() + ")", e);
        }
    }
}
