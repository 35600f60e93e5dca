package io.sparkcnn.models;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.bytedeco.hdf5.Attribute;
import org.bytedeco.hdf5.DataSet;
import org.bytedeco.hdf5.DataSpace;
import org.bytedeco.hdf5.Group;
import org.bytedeco.hdf5.H5File;
import org.bytedeco.hdf5.PredType;
import org.bytedeco.hdf5.StrType;
import org.bytedeco.hdf5.global.hdf5;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;

/**
 * Writes a Keras model file as Keras 2's {@code model.save("m.h5")} lays it out (h5py, no Python needed): the
 * architecture, Keras' version and backend and the training configuration as fixed-length string attributes of the
 * root, and under {@code model_weights} a group per layer with weights, its {@code weight_names} attribute and the
 * arrays in Keras' own layouts (a convolution's kernel [kh, kw, in, out], a dense kernel [in, out], biases [out]).
 * Shared with the other modules' tests through this module's test jar.
 */
public final class KerasH5Writer {
    private final Map<String, Map<String, Weight>> weights = new LinkedHashMap<>();

    /** An array of floats of a shape, row-major. */
    public record Weight(long[] shape, float[] values) {
    }

    /**
     * The course CNN ({@code json}, the layers of examples/keras/fashion-cnn.json) as model.save() writes it, with
     * seeded random weights in Keras' layouts, Glorot-scaled (as Keras starts them), and the training configuration
     * when given.
     */
    public static Path courseCnn(Path h5, Path json, Optional<String> trainingConfig) throws IOException {
        Random r = new Random(1);
        KerasH5Writer w = new KerasH5Writer()
                .weight("conv2d", "kernel", new long[] {3, 3, 1, 32}, glorot(r, 3 * 3, 32, 3 * 3 * 32))
                .weight("conv2d", "bias", new long[] {32}, new float[32])
                .weight("conv2d_1", "kernel", new long[] {3, 3, 32, 32}, glorot(r, 3 * 3 * 32, 3 * 3 * 32,
                        3 * 3 * 32 * 32))
                .weight("conv2d_1", "bias", new long[] {32}, glorot(r, 32, 32, 32))
                .weight("dense", "kernel", new long[] {5 * 5 * 32, 128}, glorot(r, 800, 128, 800 * 128))
                .weight("dense", "bias", new long[] {128}, glorot(r, 128, 128, 128))
                .weight("dense_1", "kernel", new long[] {128, 10}, glorot(r, 128, 10, 128 * 10))
                .weight("dense_1", "bias", new long[] {10}, glorot(r, 10, 10, 10));
        w.write(h5, Files.readString(json), trainingConfig);
        return h5;
    }

    private static float[] glorot(Random r, int fanIn, int fanOut, int n) {
        float[] f = new float[n];
        double scale = Math.sqrt(2.0 / (fanIn + fanOut));
        for (int i = 0; i < n; i++) {
            f[i] = (float) (r.nextGaussian() * scale);
        }
        return f;
    }

    /** Adds {@code layer}'s weight {@code name} ("kernel", "bias", "gamma", ...). */
    public KerasH5Writer weight(String layer, String name, long[] shape, float[] values) {
        weights.computeIfAbsent(layer, l -> new LinkedHashMap<>()).put(name, new Weight(shape, values));
        return this;
    }

    /** Writes {@code path}: the model's JSON, and the training configuration's when given. */
    public void write(Path path, String modelJson, Optional<String> trainingJson) {
        Loader.load(hdf5.class);
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            H5File file = new H5File(path.toString(), hdf5.H5F_ACC_TRUNC());
            try {
                string(file, "keras_version", "2.12.0");
                string(file, "backend", "tensorflow");
                string(file, KerasFile.MODEL_CONFIG, modelJson);
                trainingJson.ifPresent(t -> string(file, KerasFile.TRAINING_CONFIG, t));
                Group root = file.createGroup(KerasFile.WEIGHTS_ROOT);
                strings(root, "layer_names", List.copyOf(weights.keySet()));
                for (Map.Entry<String, Map<String, Weight>> layer : weights.entrySet()) {
                    Group outer = root.createGroup(layer.getKey());
                    strings(outer, "weight_names", layer.getValue().keySet().stream()
                            .map(n -> layer.getKey() + "/" + n + ":0").toList());
                    Group inner = outer.createGroup(layer.getKey());
                    for (Map.Entry<String, Weight> w : layer.getValue().entrySet()) {
                        DataSpace space = new DataSpace(w.getValue().shape().length, w.getValue().shape());
                        DataSet set = inner.createDataSet(w.getKey() + ":0", PredType.NATIVE_FLOAT(), space);
                        set.write(new FloatPointer(w.getValue().values()), PredType.NATIVE_FLOAT());
                        set.close();
                        space.close();
                    }
                    inner.close();
                    outer.close();
                }
                root.close();
            } finally {
                file.close();
            }
        }
    }

    private static void string(Group group, String name, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StrType type = new StrType(PredType.C_S1(), bytes.length);
        DataSpace scalar = new DataSpace(hdf5.H5S_SCALAR);
        Attribute a = group.createAttribute(name, type, scalar);
        a.write(type, new BytePointer(bytes));
        a.close();
        scalar.close();
    }

    /** An array of fixed-length strings, as h5py stores a list of bytes: each padded with zeros to the longest. */
    private static void strings(Group group, String name, List<String> values) {
        int width = Math.max(1, values.stream().mapToInt(v -> v.getBytes(StandardCharsets.UTF_8).length).max()
                .orElse(1));
        byte[] all = new byte[Math.max(1, values.size()) * width];
        for (int i = 0; i < values.size(); i++) {
            byte[] b = values.get(i).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(b, 0, all, i * width, b.length);
        }
        StrType type = new StrType(PredType.C_S1(), width);
        DataSpace space = new DataSpace(1, new long[] {Math.max(1, values.size())});
        Attribute a = group.createAttribute(name, type, space);
        a.write(type, new BytePointer(all));
        a.close();
        space.close();
    }
}
