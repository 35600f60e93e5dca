/**
 * Getting the images in: finding a dataset's four IDX files (a given directory, the user cache, Debian's
 * package, or a download checked against known md5s), reading them strictly, and splitting the training set
 * into seeded, class-balanced shards. Nothing here depends on Spark or ND4J, so it is cheap to test.
 */
package io.sparkcnn.data;
