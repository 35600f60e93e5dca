/**
 * The networks, as DL4J configurations built from a {@link io.sparkcnn.models.ModelSpec}. A model is chosen
 * by name through {@link io.sparkcnn.models.ModelCatalog}, so every job (train, evaluate, benchmark) and the
 * distributed trainer see the same definitions.
 */
package io.sparkcnn.models;
