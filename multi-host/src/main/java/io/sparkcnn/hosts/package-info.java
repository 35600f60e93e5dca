/**
 * Hosts on one machine: {@link io.sparkcnn.hosts.HostNetwork} makes each host a Linux network namespace with its
 * own address on a bridge (links shaped with tc, taken down and up), {@link io.sparkcnn.hosts.MultiHostCluster}
 * starts a Spark master, worker hosts, HDFS and the driver on them; everything they start they stop, also on failure.
 */
package io.sparkcnn.hosts;
