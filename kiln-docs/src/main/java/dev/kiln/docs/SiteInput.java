package dev.kiln.docs;

import dev.kiln.AnalysisReport;
import dev.kiln.CompiledProject;

import java.time.Instant;

/**
 * What the site is made from.
 *
 * @param project     the compiled project
 * @param analysis    its analysis (column lineage), or {@code null} when it was not analysed
 * @param catalog     what the warehouse says about its relations
 * @param state       the last run results and freshness checks
 * @param overview    the overview's Markdown
 * @param targetName  the target
 * @param adapterType the target's adapter type
 * @param generatedAt when the site is generated
 */
record SiteInput(CompiledProject project, AnalysisReport analysis, CatalogJson catalog, RunState state,
                 String overview, String targetName, String adapterType, Instant generatedAt) {
}
