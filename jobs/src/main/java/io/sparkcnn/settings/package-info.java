/**
 * What every command is configured with, as records by concern, each validating its own fields and naming the field
 * that is wrong (the command line adds the option's spelling).
 */
package io.sparkcnn.settings;
