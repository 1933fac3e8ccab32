package dev.kiln.cli;

import dev.kiln.CompiledNode;
import dev.kiln.Kiln;
import dev.kiln.ResourceType;
import dev.kiln.Selection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code kiln ls}: lists the selected nodes, sorted by unique id like {@code dbt ls}, as
 * selectors ({@code project.folder.name}), names, paths or JSON lines.
 */
@Command(name = "ls", aliases = "list",
        description = "List the project's models, seeds, snapshots, tests and exposures (like dbt ls).")
public final class LsCommand extends KilnSubcommand {

    @Mixin
    SelectionOptions selection;

    @Option(names = {"--resource-type", "--resource-types"}, arity = "1..*", paramLabel = "TYPE",
            description = "Only these types: model, seed, snapshot, test, unit_test, source, exposure, all (default: all).")
    List<String> resourceTypes = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "selector",
            description = "selector (project.folder.name, the default), name, path or json (one object per line).")
    LsOutput output;

    @Option(names = "--output-keys", arity = "1..*", paramLabel = "KEY",
            description = "With --output json: only these keys (e.g. name resource_type unique_id).")
    List<String> outputKeys = new ArrayList<>();

    @Override
    protected int execute(Terminal terminal) {
        Set<ResourceType> types = resourceTypes();
        try (Kiln kiln = load(terminal)) {
            Selection chosen = selection.toSelection();
            List<String> keys = Selection.split(outputKeys == null ? List.of() : outputKeys);
            String packageName = kiln.project().name();
            terminal.note(NodeCounts.found(kiln.compile())); // stderr: stdout stays the list, for scripts
            List<CompiledNode> nodes = kiln.list(chosen).stream()
                    .filter(n -> types.contains(n.resourceType()))
                    .sorted(Comparator.comparing(CompiledNode::uniqueId))
                    .toList();
            for (CompiledNode n : nodes) {
                terminal.println(switch (output) {
                    case NAME -> n.name();
                    case PATH -> path(n);
                    case JSON -> NodeJson.line(n, packageName, keys);
                    case SELECTOR -> selector(n);
                });
            }
            if (nodes.isEmpty()) {
                terminal.note("No nodes selected.");
            }
        }
        return 0;
    }

    /** dbt's selector form: the fqn joined with dots, prefixed for sources and unit tests. */
    static String selector(CompiledNode node) {
        String fqn = String.join(".", node.node().origin().fqn());
        return switch (node.resourceType()) {
            case SOURCE, UNIT_TEST, EXPOSURE -> node.resourceType().dbtName() + ":" + fqn;
            default -> fqn;
        };
    }

    /** The defining file relative to the project directory, with forward slashes. */
    static String path(CompiledNode node) {
        return node.node().origin().path().toString().replace('\\', '/');
    }

    private Set<ResourceType> resourceTypes() {
        List<String> names = Selection.split(resourceTypes == null ? List.of() : resourceTypes).stream()
                .flatMap(s -> Arrays.stream(s.split(",")))
                .filter(s -> !s.isBlank())
                .toList();
        if (names.isEmpty() || names.contains("all") || names.contains("default")) {
            return EnumSet.allOf(ResourceType.class);
        }
        Set<ResourceType> types = EnumSet.noneOf(ResourceType.class);
        for (String name : names) {
            ResourceType t = ResourceType.fromDbtName(name);
            if (t == null) {
                String known = Arrays.stream(ResourceType.values()).map(ResourceType::dbtName)
                        .collect(Collectors.joining(", "));
                throw new ParameterException(spec.commandLine(),
                        "Unknown resource type '" + name + "'. Use one of: " + known + ", all.");
            }
            types.add(t);
        }
        return types;
    }
}
