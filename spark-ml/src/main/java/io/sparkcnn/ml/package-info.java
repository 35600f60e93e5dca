/**
 * spark-cnn as a Spark ML library: {@link io.sparkcnn.ml.CnnClassifier}, an estimator whose params are what
 * {@code spark-cnn train} takes and whose fit trains with the same engine, and
 * {@link io.sparkcnn.ml.CnnClassificationModel}, the transformer that scores a DataFrame of images on the
 * executors. Both save and load through Spark ML's writer and reader, and work in pipelines and model selection.
 */
package io.sparkcnn.ml;
