package io.sparkcnn.examples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import javax.imageio.ImageIO;

import io.sparkcnn.data.DatasetResolver;
import io.sparkcnn.data.LabeledImages;
import io.sparkcnn.data.ResolvedDataset;

/**
 * Writes a dataset spark-cnn knows (Fashion-MNIST, MNIST, or IDX files in a directory) as folders of PNGs,
 * {@code OUTPUT/train/CLASS/NNNNN.png} and {@code OUTPUT/test/CLASS/NNNNN.png}: the input the other examples take,
 * and the layout a user's own photos come in. Runs without Spark.
 *
 * <p>Arguments: DATASET OUTPUT [TRAIN_IMAGES [TEST_IMAGES [DATA_DIR]]] (counts: the first so many; 0 or none: all).
 */
public final class ExportPngFolder {
    private ExportPngFolder() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: ExportPngFolder DATASET OUTPUT [TRAIN_IMAGES [TEST_IMAGES [DATA_DIR]]]");
            System.exit(2);
        }
        ResolvedDataset dataset = DatasetResolver.standard(System.err::println)
                .resolve(args[0], args.length > 4 ? Optional.of(Path.of(args[4])) : Optional.empty());
        Path output = Path.of(args[1]);
        int trainImages = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        int testImages = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        write(dataset.loadTrain(), trainImages, dataset.labelNames(), output.resolve("train"));
        write(dataset.loadTest(), testImages, dataset.labelNames(), output.resolve("test"));
        System.out.println("PNG folders written under " + output);
    }

    private static void write(LabeledImages images, int limit, List<String> classes, Path dir) throws IOException {
        LabeledImages chosen = limit > 0 ? images.firstN(limit) : images;
        byte[] pixels = new byte[chosen.rows() * chosen.cols()];
        for (int i = 0; i < chosen.size(); i++) {
            // A class name may hold a '/' (Fashion-MNIST's "T-shirt/top"), which a folder name cannot.
            Path classDir = Files.createDirectories(dir.resolve(classes.get(chosen.label(i)).replace('/', '-')));
            chosen.copyRawPixels(i, pixels, 0);
            BufferedImage image = new BufferedImage(chosen.cols(), chosen.rows(), BufferedImage.TYPE_BYTE_GRAY);
            image.getRaster().setDataElements(0, 0, chosen.cols(), chosen.rows(), pixels);
            ImageIO.write(image, "png", classDir.resolve(String.format("%05d.png", i)).toFile());
        }
    }
}
