/**
 * The commands ({@code run}, {@code demo}, {@code produce}) and what only they need: the embedded broker, topic
 * setup, the publisher of points. This is the one package that wires every other part together.
 */
package io.twinstream.cli;
