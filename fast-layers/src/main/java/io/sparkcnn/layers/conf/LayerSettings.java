package io.sparkcnn.layers.conf;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Copies a built DL4J layer configuration into our subclass of it. Some of DL4J's configurations have only a private
 * constructor from their builder, so the settings are copied field by field, every field of every class from
 * {@code from}'s up to DL4J's {@code Layer}: none can be forgotten, including ones a later DL4J version adds.
 */
final class LayerSettings {
    private LayerSettings() {
    }

    static <C, T extends C> T copy(C from, T into, Class<C> configurationClass) {
        for (Class<?> c = configurationClass; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    f.set(into, f.get(from));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IllegalStateException("cannot copy " + c.getSimpleName() + "." + f.getName()
                            + " into " + into.getClass().getSimpleName(), e);
                }
            }
        }
        return into;
    }
}
