package io.sparkcnn.loading;

import java.io.IOException;
import java.util.SplittableRandom;

import io.sparkcnn.data.ImageShape;
import org.deeplearning4j.core.loader.DataSetLoader;
import org.nd4j.common.loader.Source;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loads a training minibatch file (checked, as {@link VerifiedMinibatchLoader} does) and applies the run's
 * {@link Augmentation} to every image, on the executor. The random draws depend only on the run's seed, the epoch
 * and the file's name (not its directory, which is a fresh temporary one each run), so a run is reproducible and
 * every epoch sees different variants of each image.
 */
public final class AugmentingMinibatchLoader implements DataSetLoader {
    private static final long serialVersionUID = 1L;

    private final VerifiedMinibatchLoader files;
    private final Augmentation augmentation;
    private final ImageShape shape;
    private final long seed;
    private final int epoch;

    public AugmentingMinibatchLoader(VerifiedMinibatchLoader files, Augmentation augmentation, ImageShape shape,
                                     long seed, int epoch) {
        this.files = files;
        this.augmentation = augmentation;
        this.shape = shape;
        this.seed = seed;
        this.epoch = epoch;
    }

    @Override
    public DataSet load(Source source) throws IOException {
        DataSet batch = files.load(source);
        INDArray features = batch.getFeatures();
        int images = (int) features.size(0);
        int perImage = shape.pixels();
        if (features.length() != (long) images * perImage) {
            throw new IOException(source.getPath() + ": expected " + images + " images of " + shape.describe()
                    + ", found features of shape " + java.util.Arrays.toString(features.shape()));
        }
        float[] pixels = features.castTo(DataType.FLOAT).dup('c').data().asFloat();
        SplittableRandom random = new SplittableRandom(mix(seed, epoch, fileName(source.getPath())));
        float[] scratch = new float[shape.planeSize()];
        for (int i = 0; i < images; i++) {
            augmentation.apply(pixels, i * perImage, shape, random, scratch);
        }
        INDArray changed = Nd4j.create(pixels, features.shape(), 'c').castTo(features.dataType());
        return new DataSet(changed, batch.getLabels(), batch.getFeaturesMaskArray(), batch.getLabelsMaskArray());
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static long mix(long seed, int epoch, String name) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch;
        return h * 31 + name.hashCode();
    }
}
