/**
 * {@link io.sparkcnn.cluster.StandaloneCluster}: a Spark standalone master and workers as child JVMs on
 * 127.0.0.1, started from this JVM's classpath and stopped with everything they started.
 */
package io.sparkcnn.cluster;
