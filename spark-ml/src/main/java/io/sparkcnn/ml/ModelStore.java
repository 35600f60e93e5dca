package io.sparkcnn.ml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;

import io.sparkcnn.data.DataException;
import io.sparkcnn.output.ModelFile;
import io.sparkcnn.output.StagedOutput;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import scala.Option;

/**
 * A {@link CnnClassificationModel} on disk (any Hadoop file system): Spark ML's {@code metadata/} (class, uid,
 * params), and {@code model.zip}, the DL4J model file with the class names and image size, the same file
 * {@code spark-cnn train} writes. Written into a hidden sibling and renamed into place, so a directory that is there
 * is complete.
 */
final class ModelStore {
    static final String MODEL_FILE = "model.zip";

    private ModelStore() {
    }

    static final class Writer extends MLWriter {
        private final CnnClassificationModel model;

        Writer(CnnClassificationModel model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            Path target = new Path(path);
            Path staging = new Path(target.getParent(), "." + target.getName() + ".partial-" + UUID.randomUUID());
            java.nio.file.Path local = null;
            try {
                FileSystem fs = target.getFileSystem(sc().hadoopConfiguration());
                try {
                    DefaultParamsWriter.saveMetadata(model, staging.toString(), sc(), Option.empty(), Option.empty());
                    local = Files.createTempDirectory("spark-cnn-model-");
                    java.nio.file.Path zip = local.resolve(MODEL_FILE);
                    ModelFile.write(model.network(), model.info(), zip);
                    fs.copyFromLocalFile(new Path(zip.toUri()), new Path(staging, MODEL_FILE));
                    if (!fs.rename(staging, target)) {
                        throw new IOException("renaming " + staging + " to " + target + " failed");
                    }
                } finally {
                    if (fs.exists(staging)) {
                        fs.delete(staging, true);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot save the model to " + path + ": " + e.getMessage(), e);
            } finally {
                if (local != null) {
                    StagedOutput.deleteTree(local);
                }
            }
        }
    }

    static final class Reader extends MLReader<CnnClassificationModel> {
        @Override
        public CnnClassificationModel load(String path) {
            Path zip = new Path(path, MODEL_FILE);
            java.nio.file.Path local = null;
            try {
                FileSystem fs = zip.getFileSystem(sc().hadoopConfiguration());
                if (!fs.exists(zip)) {
                    throw new DataException(path + ": no " + MODEL_FILE + " (expected a directory saved by"
                            + " CnnClassificationModel.write().save)");
                }
                DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sc(),
                        CnnClassificationModel.class.getName());
                local = Files.createTempDirectory("spark-cnn-model-");
                java.nio.file.Path localZip = local.resolve(MODEL_FILE);
                fs.copyToLocalFile(zip, new Path(localZip.toUri()));
                ModelFile.Loaded loaded = ModelFile.read(localZip);
                CnnClassificationModel model = new CnnClassificationModel(metadata.uid(), loaded.network(),
                        loaded.info(), List.of());
                metadata.getAndSetParams(model, Option.empty());
                return model;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load the model from " + path + ": " + e.getMessage(), e);
            } finally {
                if (local != null) {
                    StagedOutput.deleteTree(local);
                }
            }
        }
    }
}
