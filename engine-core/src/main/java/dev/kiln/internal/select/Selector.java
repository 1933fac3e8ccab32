package dev.kiln.internal.select;

import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.Selection;
import dev.kiln.internal.report.PreviousManifest;

import java.util.List;

/** The select stage: evaluates a {@link Selection} against a compiled project. */
public final class Selector {

    private final CompiledProject project;
    private final PreviousManifest state;

    /** @param project the compiled project; @param state an earlier manifest for {@code state:}, or null */
    public Selector(CompiledProject project, PreviousManifest state) {
        this.project = project;
        this.state = state;
    }

    /** The selected nodes, parents before children. */
    public List<CompiledNode> select(Selection selection) {
        return List.copyOf(project.nodes()); // TODO(select): evaluate the selection
    }
}
