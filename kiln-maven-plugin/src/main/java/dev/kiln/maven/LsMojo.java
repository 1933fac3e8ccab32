package dev.kiln.maven;

import dev.kiln.CompiledNode;
import dev.kiln.ErrorCode;
import dev.kiln.Kiln;
import dev.kiln.KilnException;
import dev.kiln.ResourceType;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Logs the selected nodes, sorted by unique id, like {@code kiln ls}:
 * {@code mvn kiln:ls -Dkiln.select=+dim_users -Dkiln.output=path}. Needs no warehouse.
 */
@Mojo(name = "ls", requiresProject = false, threadSafe = true)
public class LsMojo extends AbstractKilnMojo {

    /** How to show a node: {@code selector} ({@code project.folder.name}), {@code name}, {@code path} or {@code unique_id}. */
    @Parameter(property = "kiln.output", defaultValue = "selector")
    protected String output;

    @Override
    protected String goal() {
        return "ls";
    }

    @Override
    protected void execute(Kiln kiln) {
        String format = output == null ? "selector" : output.trim().toLowerCase(Locale.ROOT);
        if (!List.of("selector", "name", "path", "unique_id").contains(format)) {
            throw new KilnException(ErrorCode.USAGE, "Unknown kiln.output '" + output
                    + "'. Use selector, name, path or unique_id.");
        }
        List<CompiledNode> nodes = kiln.list(selection()).stream()
                .sorted(Comparator.comparing(CompiledNode::uniqueId)).toList();
        for (CompiledNode n : nodes) {
            getLog().info(switch (format) {
                case "name" -> n.name();
                case "path" -> n.node().origin().path().toString().replace('\\', '/');
                case "unique_id" -> n.uniqueId();
                default -> selector(n);
            });
        }
        if (nodes.isEmpty()) {
            getLog().warn("No nodes selected.");
        }
    }

    /** dbt's selector form: the fqn joined with dots, prefixed for sources and unit tests. */
    private static String selector(CompiledNode node) {
        String fqn = String.join(".", node.node().origin().fqn());
        return node.resourceType() == ResourceType.SOURCE || node.resourceType() == ResourceType.UNIT_TEST
                || node.resourceType() == ResourceType.EXPOSURE
                ? node.resourceType().dbtName() + ":" + fqn : fqn;
    }
}
