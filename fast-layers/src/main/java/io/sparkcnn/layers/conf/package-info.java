/**
 * The configurations users put in a network: DL4J's layer and Adam configurations subclassed (same options, same
 * parameters, same JSON apart from the class name), each instantiating its fast counterpart from
 * {@code io.sparkcnn.layers.runtime}. A network built from them trains, saves and loads like one built from DL4J's.
 */
package io.sparkcnn.layers.conf;
