package io.sparkcnn.layers.conf;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.serde.JsonMappers;
import org.nd4j.shade.jackson.databind.DeserializationContext;
import org.nd4j.shade.jackson.databind.JavaType;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.deser.DeserializationProblemHandler;
import org.nd4j.shade.jackson.databind.jsontype.TypeIdResolver;

/**
 * Lets DL4J read models saved when the fast layers' configurations lived in {@code io.sparkcnn.layers} (before they
 * moved to this package): a saved model's JSON names each layer's and the updater's class in full, so without this
 * every older {@code model.zip} and checkpoint would fail to load. Installed on DL4J's JSON and YAML readers by
 * whoever loads a model file, before loading; installing it again does nothing.
 */
public final class FormerClassNames {
    private static final String FORMER_PACKAGE = "io.sparkcnn.layers.";
    private static boolean installed;

    private FormerClassNames() {
    }

    public static synchronized void install() {
        if (installed) {
            return;
        }
        for (ObjectMapper mapper : new ObjectMapper[] {NeuralNetConfiguration.mapper(),
                NeuralNetConfiguration.mapperYaml(), JsonMappers.getLegacyMapper()}) {
            mapper.addHandler(new Handler());
        }
        installed = true;
    }

    /** The class now in this package for a former name, or null when {@code id} is not one. */
    static String currentName(String id) {
        if (!id.startsWith(FORMER_PACKAGE) || id.indexOf('.', FORMER_PACKAGE.length()) >= 0) {
            return null;
        }
        return FormerClassNames.class.getPackageName() + "." + id.substring(FORMER_PACKAGE.length());
    }

    private static final class Handler extends DeserializationProblemHandler {
        @Override
        public JavaType handleUnknownTypeId(DeserializationContext context, JavaType baseType, String subTypeId,
                                           TypeIdResolver resolver, String failureMessage) {
            String current = currentName(subTypeId);
            if (current == null) {
                return null; // not ours: DL4J reports it as it would
            }
            try {
                return context.getTypeFactory().constructType(Class.forName(current));
            } catch (ClassNotFoundException e) {
                return null;
            }
        }
    }
}
