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
 * An image folder, the layout torchvision's {@code ImageFolder} and Keras' {@code image_dataset_from_directory}
 * read: {@code DIR/train/CLASS/*.png} (or .jpg, .jpeg, .gif, .bmp) and {@code DIR/test/CLASS/...}. The classes are
 * the training folder's subfolders, sorted by name (label 0 is the first); the test folder may lack some of them but
 * may not add any. Every image must have the size of the first training image (the first file of the first class);
 * the channels are that image's too (gray when it is stored gray, else RGB), and the others are converted to them.
 * Hidden files and folders, and files that are not pictures by their name, are skipped.
 */
public record ImageFolder(Path dir) implements DatasetSource {
    public static final String TRAIN = "train";
    public static final String TEST = "test";

    /** Whether {@code dir} has the folder layout (a train and a test folder). */
    public static boolean looksLike(Path dir) {
        return Files.isDirectory(dir.resolve(TRAIN)) && Files.isDirectory(dir.resolve(TEST));
    }

    /** The classes: the training folder's subfolders, sorted. */
    public List<String> classNames() {
        Path train = dir.resolve(TRAIN);
        List<String> names = list(train).filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList();
        if (names.size() < 2 || names.size() > LabeledImages.MAX_CLASSES) {
            throw new DataException(train + ": " + names.size() + " class folder(s), expected 2 to "
                    + LabeledImages.MAX_CLASSES + " (" + train + "/CLASS/*.png, one folder per class)");
        }
        return names;
    }

    @Override
    public ImageShape shape() {
        Path first = pictures(dir.resolve(TRAIN).resolve(classNames().get(0))).get(0);
        return PictureFiles.shapeOf(PictureFiles.decode(first));
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

    /** How many pictures each part holds: enough to tell a changed folder from the one trained on. */
    @Override
    public Map<String, Object> provenance() {
        Map<String, Object> images = new LinkedHashMap<>();
        for (String part : List.of(TRAIN, TEST)) {
            images.put(part, list(dir.resolve(part)).filter(Files::isDirectory).mapToInt(c -> pictures(c).size())
                    .sum());
        }
        return Map.of("layout", "image folder", "images", images);
    }

    private LabeledImages load(String part, int numClasses) {
        List<String> classes = classNames();
        Path root = dir.resolve(part);
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path classDir : list(root).filter(Files::isDirectory).toList()) {
            int label = classes.indexOf(classDir.getFileName().toString());
            if (label < 0) {
                throw new DataException(classDir + ": class '" + classDir.getFileName() + "' is not one of the"
                        + " training classes (the folders of " + dir.resolve(TRAIN) + ": " + String.join(", ", classes)
                        + ")");
            }
            for (Path file : pictures(classDir)) {
                files.add(file);
                labels.add(label);
            }
        }
        if (files.isEmpty()) {
            throw new DataException(root + ": no class folders with images (expected " + root + "/CLASS/*.png)");
        }
        ImageShape shape = shape();
        Path first = pictures(dir.resolve(TRAIN).resolve(classes.get(0))).get(0);
        byte[] pixels = new byte[Math.multiplyExact(files.size(), shape.pixels())];
        // Decoding is most of the time and every file is independent: use the driver's cores.
        IntStream.range(0, files.size()).parallel().forEach(i -> {
            BufferedImage image = PictureFiles.decode(files.get(i));
            if (image.getHeight() != shape.rows() || image.getWidth() != shape.cols()) {
                throw new DataException(files.get(i) + ": " + image.getHeight() + "x" + image.getWidth()
                        + " pixels, expected " + shape.rows() + "x" + shape.cols() + " like the first training image "
                        + first + " (every image of a folder must have one size: resize them first)");
            }
            System.arraycopy(PictureFiles.planes(image, shape.channels()), 0, pixels, i * shape.pixels(),
                    shape.pixels());
        });
        ImageSet images = new ImageSet(root.toString(), files.size(), shape, pixels);
        return LabeledImages.pair(images, labels.stream().mapToInt(Integer::intValue).toArray(), root.toString(),
                numClasses);
    }

    /** The pictures of a class folder, sorted by name; none is an error naming the folder. */
    static List<Path> pictures(Path classDir) {
        List<Path> pictures = list(classDir).filter(Files::isRegularFile).filter(PictureFiles::isPicture).toList();
        if (pictures.isEmpty()) {
            throw new DataException(classDir + ": no images in this class folder (expected files ending in "
                    + String.join(", ", PictureFiles.EXTENSIONS.stream().map(e -> "." + e).toList()) + ")");
        }
        return pictures;
    }

    /** The entries of a folder that are not hidden, sorted by name. */
    private static Stream<Path> list(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList().stream();
        } catch (IOException e) {
            throw new DataException(folder + ": cannot be listed (" + e.getMessage() + ")", e);
        }
    }
}
