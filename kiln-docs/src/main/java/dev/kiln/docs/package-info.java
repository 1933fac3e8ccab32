/**
 * {@code kiln docs generate}, {@code kiln docs serve} and {@code kiln catalog}: the static docs
 * site ({@link dev.kiln.docs.DocsSite}), its HTTP server ({@link dev.kiln.docs.DocsServer}) and
 * dbt's {@code catalog.json} ({@link dev.kiln.docs.CatalogJson}). See docs/docs-site.md.
 */
package dev.kiln.docs;
