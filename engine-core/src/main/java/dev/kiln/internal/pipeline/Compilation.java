package dev.kiln.internal.pipeline;

import dev.kiln.CompiledProject;
import dev.kiln.internal.render.RenderedNode;

import java.util.List;

/**
 * A compile: the rendered nodes (to link again with {@code --defer}) and the project linked from them.
 *
 * @param rendered the rendered nodes
 * @param linked   the linked project
 * @param empty    whether it was rendered for {@code --empty}
 */
record Compilation(List<RenderedNode> rendered, CompiledProject linked, boolean empty) {
}
