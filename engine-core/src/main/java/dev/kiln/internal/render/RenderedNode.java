package dev.kiln.internal.render;

import dev.kiln.Node;

import java.util.List;

/**
 * A node after the render stage: its SQL with relation markers (see {@link Placeholders}),
 * its final config, and what it depends on.
 *
 * @param node       the node, with the {@code <@config>} of its file merged into its config
 * @param sql        rendered SQL, still holding markers
 * @param dependsOn  unique ids of the models, seeds and snapshots it {@code ref()}s, in order of first use
 * @param sources    unique ids of the sources it reads
 * @param predicate  for a row-level data test, its failure condition (with markers); else {@code null}
 * @param reads      the vars and env vars its template read
 */
public record RenderedNode(Node node, String sql, List<String> dependsOn, List<String> sources, String predicate,
                           dev.kiln.TemplateReads reads) {

    /** A node whose template read no var or env var. */
    public RenderedNode(Node node, String sql, List<String> dependsOn, List<String> sources, String predicate) {
        this(node, sql, dependsOn, sources, predicate, dev.kiln.TemplateReads.NONE);
    }

    /** A node without a failure predicate. */
    public RenderedNode(Node node, String sql, List<String> dependsOn, List<String> sources) {
        this(node, sql, dependsOn, sources, null);
    }
}
