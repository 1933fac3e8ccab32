package dev.kiln.maven;

import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.Kiln;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

import java.util.List;

/**
 * Renders and links every model and test, checks the SQL, and writes
 * {@code target/compiled/**} and {@code target/manifest.json}, like {@code kiln compile}.
 * Needs no warehouse. With {@code select} or {@code exclude} it also logs the selected nodes.
 */
@Mojo(name = "compile", defaultPhase = LifecyclePhase.COMPILE, requiresProject = false, threadSafe = true)
public class CompileMojo extends AbstractKilnMojo {

    @Override
    protected String goal() {
        return "compile";
    }

    @Override
    protected void execute(Kiln kiln) {
        CompiledProject compiled = kiln.compile(selection());
        if (!selection().isAll()) {
            List<CompiledNode> selected = kiln.list(selection());
            selected.forEach(n -> getLog().info(n.uniqueId()));
            getLog().info("Selected " + selected.size() + " of " + MavenLogListener.plural(compiled.nodes().size(), "node") + ".");
        }
        getLog().info("Compiled " + MavenLogListener.plural(compiled.nodes().size(), "node") + " of project "
                + kiln.project().name() + " → " + kiln.targetDir());
    }
}
