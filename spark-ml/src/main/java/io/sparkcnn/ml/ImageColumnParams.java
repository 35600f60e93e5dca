package io.sparkcnn.ml;

import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The columns that both {@link CnnClassifier} and {@link CnnClassificationModel} read and write: the image column,
 * the size and channels of the images, and the prediction and probability columns {@code transform}
 * adds. Each class declares the params (Spark finds a stage's params through its public methods); {@link #declare}
 * makes them the same way for both.
 */
public interface ImageColumnParams extends Params {
    String DEFAULT_IMAGE_COL = "image";
    String DEFAULT_PREDICTION_COL = "prediction";
    String DEFAULT_PROBABILITY_COL = "probability";

    Param<String> imageCol();

    IntParam imageHeight();

    IntParam imageWidth();

    IntParam imageChannels();

    Param<String> predictionCol();

    Param<String> probabilityCol();

    default String getImageCol() {
        return getOrDefault(imageCol());
    }

    default int getImageHeight() {
        return (Integer) getOrDefault(imageHeight());
    }

    default int getImageWidth() {
        return (Integer) getOrDefault(imageWidth());
    }

    default int getImageChannels() {
        return (Integer) getOrDefault(imageChannels());
    }

    default String getPredictionCol() {
        return getOrDefault(predictionCol());
    }

    default String getProbabilityCol() {
        return getOrDefault(probabilityCol());
    }

    /** How the image column is read, with these params' values. */
    default ImageColumn imageColumn() {
        return new ImageColumn(getImageCol(), getImageHeight(), getImageWidth(), getImageChannels());
    }

    /** The params of one stage, made for {@code parent}. */
    record Declared(Param<String> imageCol, IntParam imageHeight, IntParam imageWidth, IntParam imageChannels,
                    Param<String> predictionCol, Param<String> probabilityCol) {
    }

    /** Makes the column params for {@code parent}, whose uid must already be set. */
    static Declared declare(Params parent) {
        return new Declared(
                new Param<>(parent, "imageCol", "the image column: Spark's image struct (spark.read.format(\"image\"))"
                        + ", or binary (8-bit pixels, row-major), or array<float|double> or ml Vector of pixels in"
                        + " [0, 1]"),
                new IntParam(parent, "imageHeight", "height of the images of a binary or array column (0: square"
                        + " images, side from the length)", ParamValidators.<Object>gtEq(0)),
                new IntParam(parent, "imageWidth", "width of the images of a binary or array column (0: square"
                        + " images, side from the length)", ParamValidators.<Object>gtEq(0)),
                new IntParam(parent, "imageChannels", "1 (gray) or 3 (RGB): image structs are converted to it (0:"
                        + " as the first image comes); values per pixel of a binary or array column, interleaved (0:"
                        + " 1)", ParamValidators.inArray(new int[] {0, 1, 3})),
                new Param<>(parent, "predictionCol", "the predicted class index column (double) transform adds"),
                new Param<>(parent, "probabilityCol", "the class probabilities column (ml Vector) transform adds"));
    }

    /** Sets the columns' defaults on {@code stage}. */
    static void setDefaults(ImageColumnParams stage) {
        stage.setDefault(stage.imageCol(), DEFAULT_IMAGE_COL);
        stage.setDefault(stage.imageHeight(), 0);
        stage.setDefault(stage.imageWidth(), 0);
        stage.setDefault(stage.imageChannels(), 0);
        stage.setDefault(stage.predictionCol(), DEFAULT_PREDICTION_COL);
        stage.setDefault(stage.probabilityCol(), DEFAULT_PROBABILITY_COL);
    }
}
