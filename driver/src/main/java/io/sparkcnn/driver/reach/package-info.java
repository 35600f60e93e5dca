/**
 * Before a run waits on the network: every service it needs (the Spark master, an HDFS namenode, the driver's own
 * address, executors that must connect back) is checked within seconds, and one that cannot be reached is one line
 * naming it and how to check it ({@link io.sparkcnn.driver.reach.UnreachableException}, exit code 4), instead of
 * Spark's and Hadoop's minutes of retries.
 */
package io.sparkcnn.driver.reach;
