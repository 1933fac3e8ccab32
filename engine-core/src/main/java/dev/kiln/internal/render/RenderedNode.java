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
 */
public record RenderedNode(Node node, String sql, List<String> dependsOn, List<String> sources) {
}
