package dev.kiln.internal.cache;

import dev.kiln.AnalysisReport;
import dev.kiln.Diagnostic;
import dev.kiln.ModelAnalysis;
import dev.kiln.Project;
import dev.kiln.internal.render.RenderedNode;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the partial-parse files hold: the base file ({@link PartialParse#FILE}), with the delta
 * file ({@link PartialParse#DELTA}) applied when there is one.
 *
 * @param files      the input files' fingerprints (relative path → entry)
 * @param scannedAt  when they were taken (milliseconds)
 * @param env        the environment variables read, name → hash of the value
 * @param inputs     the project's inputs (paths relative to the root) the fingerprint covers
 * @param project    the loaded project
 * @param rendered   every rendered node
 * @param manifestSize     the size of the manifest the compile wrote
 * @param manifestModified its modification time (milliseconds)
 * @param baseId     the base file's identity (a delta applies to that base only)
 * @param baseFiles  the base file's own fingerprints (what a delta's are the difference from)
 * @param baseModels the base file's own analyses (what a delta is the difference from), or {@code null}
 * @param deltaIds   nodes whose text and rendering the delta file replaces
 */
record StoredCompile(Map<String, InputFiles.Entry> files, long scannedAt, Map<String, String> env,
                     List<String> inputs, Project project,
                     List<RenderedNode> rendered, List<Diagnostic> analysisDiagnostics,
                     Map<String, ModelAnalysis> analysisModels, AnalysisReport.Stats analysisStats,
                     long manifestSize, long manifestModified, long baseId, Map<String, InputFiles.Entry> baseFiles,
                     Map<String, ModelAnalysis> baseModels, Set<String> deltaIds) {
}
