/**
 * The {@code spark-cnn} command line: parses and checks options, starts the Spark context (or joins the one
 * spark-submit configured) and runs a job. Also the main class of the spark-submit jar.
 */
package io.sparkcnn.driver;
