/**
 * DL4J Spark's face on spark-cnn's engine: {@link io.sparkcnn.dl4jspark.SparkCnnTrainingMaster} is a DL4J
 * {@code TrainingMaster}, so code written for {@code new SparkDl4jMultiLayer(sc, conf, master).fit(rdd)} or
 * {@code fitPaths(paths)} trains with {@link io.sparkcnn.training.ParameterAveraging} unchanged.
 */
package io.sparkcnn.dl4jspark;
