package io.sparkcnn.driver;

import java.util.Iterator;

import io.sparkcnn.models.LearningRateSchedule;
import io.sparkcnn.models.ModelCatalog;
import io.sparkcnn.models.Optimizer;
import io.sparkcnn.models.WeightInitScheme;
import picocli.CommandLine.ITypeConverter;

/** Command-line conversions for the model and its hyperparameters; a bad name becomes a usage error listing the choices. */
final class HyperparameterOptions {
    private HyperparameterOptions() {
    }

    static final class OptimizerConverter implements ITypeConverter<Optimizer> {
        @Override
        public Optimizer convert(String value) {
            return Optimizer.parse(value);
        }
    }

    static final class ScheduleConverter implements ITypeConverter<LearningRateSchedule> {
        @Override
        public LearningRateSchedule convert(String value) {
            return LearningRateSchedule.parse(value);
        }
    }

    static final class LayersConverter implements ITypeConverter<io.sparkcnn.models.LayerImplementation> {
        @Override
        public io.sparkcnn.models.LayerImplementation convert(String value) {
            return io.sparkcnn.models.LayerImplementation.parse(value);
        }
    }

    static final class WeightInitConverter implements ITypeConverter<WeightInitScheme> {
        @Override
        public WeightInitScheme convert(String value) {
            return WeightInitScheme.parse(value);
        }
    }

    static final class BackendConverter implements ITypeConverter<io.sparkcnn.worker.Backend> {
        @Override
        public io.sparkcnn.worker.Backend convert(String value) {
            return io.sparkcnn.worker.Backend.parse(value);
        }
    }

    /** Model names for --help. */
    static final class ModelNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ModelCatalog.names().iterator();
        }
    }
}
