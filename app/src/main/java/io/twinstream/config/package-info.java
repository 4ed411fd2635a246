/**
 * One typed, validated configuration for the whole service. Every setting is declared once in {@link
 * io.twinstream.config.Settings} with its default and description; values come from defaults, a properties file,
 * {@code TWINSTREAM_*} environment variables and command-line flags, in rising priority.
 */
package io.twinstream.config;
