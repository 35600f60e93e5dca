package io.sparkcnn.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.sparkcnn.settings.SettingsException;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;

/**
 * A Keras model file as written by a notebook: {@code model.to_json()} (the architecture only), or
 * {@code model.save("m.h5")} (HDF5: the architecture, and when present the training configuration of
 * {@code compile()} and the weights). Reading checks what DL4J's import would report in its own words, and names the
 * file in every error (a usage error, exit code 2: the file was given on the command line).
 */
final class KerasFile {
    /** The first bytes of every HDF5 file. */
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    /** Where Keras' {@code model.save} puts the architecture, the compile() settings and the weights. */
    static final String MODEL_CONFIG = "model_config";
    static final String TRAINING_CONFIG = "training_config";
    static final String WEIGHTS_ROOT = "model_weights";

    private final Path path;
    private final String md5;
    private final boolean hdf5;
    private final KerasStructure structure;
    private final Optional<String> trainingConfig;
    private final boolean hasWeights;

    private KerasFile(Path path, String md5, boolean hdf5, KerasStructure structure, Optional<String> trainingConfig,
                      boolean hasWeights) {
        this.path = path;
        this.md5 = md5;
        this.hdf5 = hdf5;
        this.structure = structure;
        this.trainingConfig = trainingConfig;
        this.hasWeights = hasWeights;
    }

    /** Reads {@code path}: an HDF5 file by its signature, else JSON. */
    static KerasFile read(Path path) {
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(HDF5_SIGNATURE.length);
        } catch (NoSuchFileException e) {
            throw problem(path, "no such file");
        } catch (IOException e) {
            throw problem(path, "cannot be read (" + e.getMessage() + ")");
        }
        String md5 = md5(path);
        if (head.length == 0) {
            throw problem(path, "the file is empty; expected a Keras model's JSON (model.to_json()) or .h5 file"
                    + " (model.save)");
        }
        if (!Arrays.equals(head, HDF5_SIGNATURE)) {
            String json;
            try {
                json = Files.readString(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw problem(path, "is neither HDF5 nor UTF-8 text (" + e.getMessage() + "); expected a Keras"
                        + " model's JSON (model.to_json()) or .h5 file (model.save)");
            }
            return new KerasFile(path, md5, false, KerasStructure.parse(path, json, Map.of()), Optional.empty(),
                    false);
        }
        return readHdf5(path, md5);
    }

    private static KerasFile readHdf5(Path path, String md5) {
        // HDF5's C library keeps global state: DL4J's import serialises on this lock, so do we.
        synchronized (Hdf5Archive.LOCK_OBJECT) {
            Hdf5Archive archive;
            try {
                archive = new Hdf5Archive(path.toString());
            } catch (RuntimeException e) {
                throw problem(path, "not a readable HDF5 file (truncated or damaged?): " + firstLine(e));
            }
            try {
                if (!archive.hasAttribute(MODEL_CONFIG)) {
                    throw problem(path, "an HDF5 file without a '" + MODEL_CONFIG + "' attribute: not a Keras model"
                            + " saved with model.save (a weights-only file from save_weights has no architecture)");
                }
                String config = archive.readAttributeAsJson(MODEL_CONFIG);
                Optional<String> training = archive.hasAttribute(TRAINING_CONFIG)
                        ? Optional.of(archive.readAttributeAsJson(TRAINING_CONFIG)) : Optional.empty();
                boolean weights = archive.getGroups().contains(WEIGHTS_ROOT)
                        && !archive.getGroups(WEIGHTS_ROOT).isEmpty();
                return new KerasFile(path, md5, true, KerasStructure.parse(path, config, versionAttributes(archive)),
                        training, weights);
            } catch (SettingsException e) {
                throw e;
            } catch (Exception e) {
                throw problem(path, "cannot read the Keras model in this HDF5 file (truncated or damaged?): "
                        + firstLine(e));
            } finally {
                archive.close();
            }
        }
    }

    /**
     * An .h5 file keeps Keras' version and backend in attributes of their own, beside the architecture; DL4J's import
     * wants them in it, as model.to_json() writes them.
     */
    private static Map<String, String> versionAttributes(Hdf5Archive archive) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : new String[] {"keras_version", "backend"}) {
            if (archive.hasAttribute(field)) {
                fields.put(field, archive.readAttributeAsString(field).replace("\u0000", "").trim());
            }
        }
        return fields;
    }

    Path path() {
        return path;
    }

    String md5() {
        return md5;
    }

    boolean isHdf5() {
        return hdf5;
    }

    KerasStructure structure() {
        return structure;
    }

    /** The JSON of Keras' {@code compile()} settings (optimizer, loss), saved in .h5 files only. */
    Optional<String> trainingConfig() {
        return trainingConfig;
    }

    /** Whether the file holds weights to start training from. */
    boolean hasWeights() {
        return hasWeights;
    }

    /** A usage error naming the file. */
    static SettingsException problem(Path path, String what) {
        return new SettingsException("--model keras:" + path + ": " + what);
    }

    static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message).trim();
    }

    private static String md5(Path path) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw problem(path, "cannot be read (" + e.getMessage() + ")");
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
