/**
 * Loads as nodes of the DAG: a source table with {@code load:} becomes a runnable node
 * ({@link dev.kiln.ResourceType#SOURCE}) that {@code kiln load} and {@code build} run through
 * the {@link dev.kiln.spi.Loader} its {@code from:} names and the adapter's
 * {@link dev.kiln.spi.LoadSink}. The loaders themselves live in {@code kiln-ingest}
 * ({@code dev.kiln.ingest}); {@code internal.load} is the stage that reads project files.
 */
package dev.kiln.internal.ingest;
