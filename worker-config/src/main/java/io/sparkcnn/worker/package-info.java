/**
 * What each executor needs to run a replica well: which ND4J backend, how many native threads per replica,
 * and how these become Spark configuration. Kept apart from the jobs so that a cluster's settings are
 * decided (and validated) in one place.
 */
package io.sparkcnn.worker;
