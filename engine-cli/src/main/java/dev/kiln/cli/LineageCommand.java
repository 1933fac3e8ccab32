package dev.kiln.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.ColumnRef;
import dev.kiln.Kiln;
import dev.kiln.LineageGraph;
import dev.kiln.LineageStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kiln lineage NAME[.COLUMN]}: the column lineage the analysis found, upstream (what a
 * column derives from) and downstream (what derives from it, i.e. what breaks if it is dropped),
 * as indented trees or as JSON.
 */
@Command(name = "lineage",
        description = {"Column lineage: the upstream columns a column derives from and the downstream columns "
                + "derived from it (what breaks if it is dropped).",
                "Downstream, the exposures (syncs, reports, APIs) that read the node are named too.",
                "NAME is MODEL, MODEL.COLUMN, SOURCE.TABLE, SOURCE.TABLE.COLUMN (source:raw.users.email finds "
                        + "sources only) or a unique id; without a column, every column of the node.",
                "Offline by default; with -t/--target it first reads the columns of the sources that YAML does not "
                        + "list from that target (and their s3:// files), as build and docs generate do."})
public final class LineageCommand extends KilnSubcommand {

    /** Which way to walk. */
    enum Direction {
        UP(LineageGraph.Direction.UPSTREAM), DOWN(LineageGraph.Direction.DOWNSTREAM), BOTH(LineageGraph.Direction.BOTH);

        final LineageGraph.Direction graph;

        Direction(LineageGraph.Direction graph) {
            this.graph = graph;
        }
    }

    /** How to print. */
    enum Output { TEXT, JSON }

    @Parameters(index = "0", paramLabel = "NAME[.COLUMN]",
            description = "e.g. stg_users, stg_users.email, raw.users.email, source:raw.users.email")
    String name;

    @Option(names = {"-d", "--direction"}, paramLabel = "DIR", defaultValue = "both",
            description = "up, down or both (default).")
    Direction direction;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (indented trees, the default) or json (one object: every column with its upstream "
                    + "and downstream steps).")
    Output output;

    @Override
    protected int execute(Terminal terminal) throws JsonProcessingException {
        try (Kiln kiln = load(terminal)) {
            if (options().target != null) { // a target named: connect, and know the sources' columns it holds
                kiln.readSourceColumns();
            }
            LineageGraph graph = kiln.analysis().lineage();
            ColumnRef target = graph.resolve(name);
            List<String> exposures = direction == Direction.UP ? List.of() : exposuresDownstream(kiln, target.uniqueId());
            if (output == Output.TEXT) {
                terminal.out().print(graph.describe(target, direction.graph));
                if (!exposures.isEmpty()) {
                    terminal.println("exposures downstream: " + String.join(", ", exposures));
                }
            } else {
                Map<String, Object> json = json(graph, target);
                if (direction != Direction.UP) {
                    json.put("exposures", exposures);
                }
                terminal.println(new ObjectMapper().writeValueAsString(json));
            }
        }
        return 0;
    }

    /** The enabled exposures that read {@code uniqueId}, directly or through other nodes, by name. */
    private static List<String> exposuresDownstream(Kiln kiln, String uniqueId) {
        dev.kiln.CompiledProject compiled = kiln.compile();
        return compiled.descendants(uniqueId, -1).stream()
                .map(compiled::node).flatMap(java.util.Optional::stream)
                .filter(n -> n.resourceType() == dev.kiln.ResourceType.EXPOSURE)
                .map(n -> n.name()).sorted().toList();
    }

    private Map<String, Object> json(LineageGraph graph, ColumnRef target) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("unique_id", target.uniqueId());
        out.put("name", graph.displayName(target.uniqueId()));
        List<String> cols = target.column() != null ? List.of(target.column()) : graph.columns(target.uniqueId());
        List<Map<String, Object>> columns = new ArrayList<>();
        for (String c : cols) {
            ColumnRef ref = new ColumnRef(target.uniqueId(), c);
            Map<String, Object> col = new LinkedHashMap<>();
            col.put("column", c);
            if (direction != Direction.DOWN) {
                col.put("upstream", steps(graph, graph.upstream(ref)));
            }
            if (direction != Direction.UP) {
                col.put("downstream", steps(graph, graph.downstream(ref)));
            }
            columns.add(col);
        }
        out.put("columns", columns);
        return out;
    }

    private static List<Map<String, Object>> steps(LineageGraph graph, List<LineageStep> steps) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (LineageStep s : steps) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("unique_id", s.column().uniqueId());
            m.put("name", graph.displayName(s.column().uniqueId()));
            m.put("column", s.column().column());
            m.put("depth", s.depth());
            m.put("derivation", s.direct() ? "direct" : "transformed");
            m.put("via", graph.displayName(s.via()));
            out.add(m);
        }
        return out;
    }
}
