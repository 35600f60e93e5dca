package io.sparkcnn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sparkcnn.layers.conf.FastConvolutionLayer;
import io.sparkcnn.layers.conf.FastDenseLayer;
import io.sparkcnn.layers.conf.FastOutputLayer;
import io.sparkcnn.layers.conf.FastPoolingLayer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.modelimport.keras.KerasModelImport;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class KerasModelTest {
    /** The course's CNN as model.to_json() writes it, by hand: the README's example. */
    static final Path COURSE_CNN = Path.of("../examples/keras/fashion-cnn.json");

    @TempDir
    Path dir;

    static ModelSpec mnistLike(ModelDefinition model, LayerImplementation layers) {
        return new ModelSpec(28, 28, 1, 10, model.defaults(), 1, layers);
    }

    @Test
    void theCourseCnnFromItsJsonRunsOnTheFastLayersWithKerasDefaults() {
        String name = "keras:" + COURSE_CNN;
        ModelDefinition model = ModelCatalog.get(name);
        Hyperparameters h = model.defaults();
        assertEquals(Optimizer.ADAM, h.optimizer(), "compile(optimizer='adam'): no training config in a JSON file");
        assertEquals(1e-3, h.learningRate(), 1e-12);
        assertEquals(WeightInitScheme.XAVIER_UNIFORM, h.weightInit(), "Keras' glorot_uniform");
        assertEquals(List.of(32, 32), h.convFilters());
        MultiLayerNetwork net = ModelCatalog.newNetwork(name, mnistLike(model, LayerImplementation.FAST));
        List<Class<?>> expected = List.of(FastConvolutionLayer.class, FastPoolingLayer.class,
                FastConvolutionLayer.class, FastPoolingLayer.class, FastDenseLayer.class, FastOutputLayer.class);
        assertEquals(expected, layers(net.getLayerWiseConfigurations()).stream().map(Object::getClass).toList());
        assertEquals(320 + 9248 + 102528 + 1290, net.numParams(), "the seed CNN's architecture, so its count");
        Map<String, Object> p = model.provenance(h, net.getLayerWiseConfigurations());
        assertEquals("fashion-cnn.json", p.get("file"));
        assertEquals(List.of("conv2d (Conv2D): fast", "max_pooling2d (MaxPooling2D): fast", "conv2d_1 (Conv2D): fast",
                "max_pooling2d_1 (MaxPooling2D): fast", "dense (Dense): fast", "dense_1 (Dense): fast"),
                p.get("layers"));
        assertTrue(p.get("optimizerFrom").toString().contains("holds no training configuration"), p.toString());
        assertEquals(32, p.get("md5").toString().length());
    }

    /**
     * The course's model is the seed CNN's architecture: with the seed CNN's initialisation (He) and the same seed, the
     * imported network starts with exactly the seed CNN's weights, so it trains exactly as {@code --model cnn} does.
     */
    @Test
    void withTheSeedCnnsInitialisationItIsTheSeedCnnWeightForWeight() {
        String name = "keras:" + COURSE_CNN;
        Hyperparameters he = ModelCatalog.get(name).defaults().withWeightInit(WeightInitScheme.HE);
        assertEquals(ModelCatalog.get("cnn").defaults(), he, "Adam 0.001, He, 32,32 filters: the seed CNN's");
        MultiLayerNetwork imported = ModelCatalog.newNetwork(name, ModelFixtures.mnistLike(he, 7));
        MultiLayerNetwork cnn = ModelCatalog.newNetwork("cnn", ModelFixtures.mnistLike(he, 7));
        assertEquals(cnn.params(), imported.params());
        assertEquals(cnn.getLayerWiseConfigurations().getConfs().stream().map(c -> c.getLayer().getClass()).toList(),
                imported.getLayerWiseConfigurations().getConfs().stream().map(c -> c.getLayer().getClass()).toList());
    }

    @Test
    void layersDl4jBuildsTheSameNetworkFromDl4jsOwnLayers() {
        String name = "keras:" + COURSE_CNN;
        MultiLayerNetwork net = ModelCatalog.newNetwork(name, mnistLike(ModelCatalog.get(name),
                LayerImplementation.DL4J));
        for (Layer l : layers(net.getLayerWiseConfigurations())) {
            assertTrue(l.getClass().getPackageName().startsWith("org.deeplearning4j"), l.getClass().getName());
        }
    }

    /**
     * An .h5 file's weights are where training starts: the network spark-cnn builds (channel planes, fast layers)
     * computes what DL4J's own import of the file does (channels last), so the dense layer's rows were reordered
     * right; the compile() settings are the model's defaults.
     */
    @Test
    void anH5FilesWeightsAndCompileSettingsAreWhereTrainingStarts() throws Exception {
        Path h5 = courseH5(dir, Optional.of("{\"loss\": \"sparse_categorical_crossentropy\", \"optimizer_config\":"
                + " {\"class_name\": \"RMSprop\", \"config\": {\"name\": \"RMSprop\", \"learning_rate\": 0.01,"
                + " \"rho\": 0.9}}}"));
        ModelDefinition model = ModelCatalog.get("keras:" + h5);
        assertEquals(Optimizer.RMSPROP, model.defaults().optimizer());
        assertEquals(0.01, model.defaults().learningRate(), 1e-12);
        MultiLayerNetwork ours = ModelCatalog.newNetwork("keras:" + h5, mnistLike(model, LayerImplementation.FAST));
        MultiLayerNetwork dl4j = KerasModelImport.importKerasSequentialModelAndWeights(h5.toString(), false);
        INDArray images = Nd4j.rand(DataType.FLOAT, 5, 784);
        assertArrayEquals(Nd4j.toFlattened(dl4j.output(images.reshape(5, 28, 28, 1))).toFloatVector(),
                Nd4j.toFlattened(ours.output(images)).toFloatVector(), 1e-5f);
        Map<String, Object> p = model.provenance(model.defaults(), ours.getLayerWiseConfigurations());
        assertEquals("from the file", p.get("weights"));
        assertEquals("h5", p.get("format"));
        assertTrue(p.get("optimizerFrom").toString().startsWith("the file's training configuration (RMSprop"), p
                + "");
        Map<String, Object> overridden = model.provenance(model.defaults().withOptimizer(Optimizer.SGD),
                ours.getLayerWiseConfigurations());
        assertTrue(overridden.get("optimizerFrom").toString().startsWith("the options, over"), overridden + "");
    }

    /**
     * Layers the fast ones do not cover stay DL4J's: a strided "same" convolution, a leaky ReLU; a "same" convolution
     * of stride 1 becomes explicit padding (fast); a Dropout before a Dense layer is that layer's dropout.
     */
    @Test
    void whatTheFastLayersDoNotCoverRunsOnDl4jsOwn() throws IOException {
        String json = Files.readString(COURSE_CNN)
                .replaceFirst("\"strides\": \\[1, 1\\], \"padding\": \"valid\"", "\"strides\": [2, 2], \"padding\":"
                        + " \"same\"")
                .replaceFirst("(\"name\": \"conv2d_1\".*?)\"padding\": \"valid\"", "$1\"padding\": \"same\"")
                .replace("{\"class_name\": \"Flatten\"", "{\"class_name\": \"LeakyReLU\", \"config\": {\"name\":"
                        + " \"leaky\", \"alpha\": 0.1}},\n {\"class_name\": \"Flatten\"")
                .replace("{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense_1\"", "{\"class_name\":"
                        + " \"Dropout\", \"config\": {\"name\": \"dropout\", \"rate\": 0.5}},\n {\"class_name\":"
                        + " \"Dense\", \"config\": {\"name\": \"dense_1\"");
        Path file = Files.writeString(dir.resolve("variant.json"), json);
        ModelDefinition model = ModelCatalog.get("keras:" + file);
        MultiLayerNetwork net = ModelCatalog.newNetwork("keras:" + file, mnistLike(model, LayerImplementation.FAST));
        List<Layer> layers = layers(net.getLayerWiseConfigurations());
        assertEquals(ConvolutionLayer.class, layers.get(0).getClass(), "stride 2 'same': DL4J pads");
        assertInstanceOf(FastConvolutionLayer.class, layers.get(2));
        assertArrayEquals(new int[] {1, 1}, ((ConvolutionLayer) layers.get(2)).getPadding());
        assertEquals(ActivationLayer.class, layers.get(4).getClass(), "leaky ReLU");
        assertInstanceOf(FastOutputLayer.class, layers.get(6));
        assertEquals(0.5, ((Dropout) layers.get(6).getIDropout()).getP(), 1e-12, "Keras drops 0.5, DL4J keeps 0.5");
        assertInstanceOf(DenseLayer.class, layers.get(5));
        assertEquals(7, layers.size(), "the Dropout layer folded into the output layer");
        assertEquals(List.of(1L, 10L), List.of(net.output(Nd4j.rand(DataType.FLOAT, 1, 784)).shape()[0],
                net.output(Nd4j.rand(DataType.FLOAT, 1, 784)).shape()[1]));
    }

    @Test
    void aFunctionalModelWhoseLayersFormOneChainImportsAsSequential() throws IOException {
        Path file = Files.writeString(dir.resolve("functional.json"), KerasModelErrorsTest.functional(false));
        ModelDefinition model = ModelCatalog.get("keras:" + file);
        MultiLayerNetwork net = ModelCatalog.newNetwork("keras:" + file, new ModelSpec(28, 28, 1, 3,
                model.defaults(), 1, LayerImplementation.FAST));
        assertEquals(List.of(FastDenseLayer.class, FastOutputLayer.class),
                layers(net.getLayerWiseConfigurations()).stream().map(Object::getClass).toList());
    }

    /**
     * Batch normalisation (its four arrays), an activation layer, zero padding and global pooling, from an .h5 file:
     * the network computes what DL4J's own import does (inference: the moving mean and variance).
     */
    @Test
    void batchNormalisationPaddingAndGlobalPoolingKeepTheirWeights() throws Exception {
        String init = "\"kernel_initializer\": {\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": null}},"
                + " \"bias_initializer\": {\"class_name\": \"Zeros\", \"config\": {}}";
        String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 8, 8, 1], \"name\":"
                + " \"in\"}}, {\"class_name\": \"Conv2D\", \"config\": {\"name\": \"conv\", \"filters\": 4,"
                + " \"kernel_size\": [3, 3], \"strides\": [1, 1], \"padding\": \"valid\", \"data_format\":"
                + " \"channels_last\", \"dilation_rate\": [1, 1], \"activation\": \"linear\", \"use_bias\": true, "
                + init + "}}, {\"class_name\": \"BatchNormalization\", \"config\": {\"name\": \"bn\", \"axis\": 3,"
                + " \"momentum\": 0.99, \"epsilon\": 0.001, \"center\": true, \"scale\": true}},"
                + " {\"class_name\": \"Activation\", \"config\": {\"name\": \"relu\", \"activation\": \"relu\"}},"
                + " {\"class_name\": \"ZeroPadding2D\", \"config\": {\"name\": \"pad\", \"padding\": [[1, 1],"
                + " [1, 1]], \"data_format\": \"channels_last\"}}, {\"class_name\": \"MaxPooling2D\", \"config\":"
                + " {\"name\": \"pool\", \"pool_size\": [2, 2], \"padding\": \"valid\", \"strides\": [2, 2],"
                + " \"data_format\": \"channels_last\"}}, {\"class_name\": \"GlobalAveragePooling2D\", \"config\":"
                + " {\"name\": \"gap\", \"data_format\": \"channels_last\"}}, {\"class_name\": \"Dense\","
                + " \"config\": {\"name\": \"out\", \"units\": 3, \"activation\": \"softmax\", \"use_bias\":"
                + " true, " + init + "}}]}, \"keras_version\": \"2.12.0\", \"backend\": \"tensorflow\"}";
        java.util.Random r = new java.util.Random(5);
        Path h5 = dir.resolve("bn.h5");
        new KerasH5Writer()
                .weight("conv", "kernel", new long[] {3, 3, 1, 4}, values(r, 36, 0, 0.5))
                .weight("conv", "bias", new long[] {4}, values(r, 4, 0, 0.1))
                .weight("bn", "gamma", new long[] {4}, values(r, 4, 1, 0.2))
                .weight("bn", "beta", new long[] {4}, values(r, 4, 0, 0.2))
                .weight("bn", "moving_mean", new long[] {4}, values(r, 4, 0, 0.3))
                .weight("bn", "moving_variance", new long[] {4}, values(r, 4, 1.5, 0.2))
                .weight("out", "kernel", new long[] {4, 3}, values(r, 12, 0, 0.5))
                .weight("out", "bias", new long[] {3}, values(r, 3, 0, 0.1))
                .write(h5, json, Optional.empty());
        ModelDefinition model = ModelCatalog.get("keras:" + h5);
        MultiLayerNetwork ours = ModelCatalog.newNetwork("keras:" + h5, new ModelSpec(8, 8, 1, 3, model.defaults(), 1,
                LayerImplementation.FAST));
        MultiLayerNetwork dl4j = KerasModelImport.importKerasSequentialModelAndWeights(h5.toString(), false);
        INDArray images = Nd4j.rand(DataType.FLOAT, 4, 64);
        assertArrayEquals(Nd4j.toFlattened(dl4j.output(images.reshape(4, 8, 8, 1))).toFloatVector(),
                Nd4j.toFlattened(ours.output(images)).toFloatVector(), 1e-5f);
        assertEquals(List.of("conv (Conv2D): fast", "bn (BatchNormalization): fast", "relu (Activation): fast",
                "pad (ZeroPadding2D): DL4J's ZeroPaddingLayer", "pool (MaxPooling2D): fast",
                "gap (GlobalAveragePooling2D): DL4J's GlobalPoolingLayer", "out (Dense): fast"),
                model.provenance(model.defaults(), ours.getLayerWiseConfigurations()).get("layers"));
    }

    private static float[] values(java.util.Random r, int n, double mean, double spread) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) (mean + spread * r.nextGaussian());
        }
        return f;
    }

    static Path courseH5(Path dir, Optional<String> trainingConfig) throws IOException {
        return KerasH5Writer.courseCnn(dir.resolve("fashion-cnn.h5"), COURSE_CNN, trainingConfig);
    }

    static List<Layer> layers(MultiLayerConfiguration conf) {
        return conf.getConfs().stream().map(c -> c.getLayer()).toList();
    }
}
