/**
 * Kiln's loaders ({@code kiln load}): {@link dev.kiln.ingest.JdbcLoader} ({@code from: jdbc}),
 * {@link dev.kiln.ingest.HttpLoader} ({@code from: http}) and {@link dev.kiln.ingest.FilesLoader}
 * ({@code from: files}), registered as {@link dev.kiln.spi.Loader}s. Records are normalised
 * ({@link dev.kiln.ingest.Normalizer}: nested objects flattened with {@code __}, arrays into child
 * tables, types inferred, the schema contract applied) and streamed to the target's
 * {@link dev.kiln.spi.LoadSink}; the cursor or the set of files seen is the load's state
 * ({@link dev.kiln.ingest.LoadState}), committed with the data. See {@code docs/loads.md}.
 */
package dev.kiln.ingest;
