package dev.kiln;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many resources of each kind a project holds, as dbt counts them for its {@code Found …}
 * line ({@code FoundStats}): the project's totals, whatever a command selects. Counted are the
 * enabled models, snapshots, seeds and data tests that {@code compile} compiles, the project hooks
 * ({@code on-run-start}/{@code on-run-end}, dbt's operations), the declared source tables, the
 * enabled exposures, the macros (each {@code <#function>} or {@code <#macro>} of the project's
 * and its packages' macro files, once per name, as {@code manifest.json} lists them) and the
 * unit tests.
 *
 * <pre>{@code
 * ResourceCounts.of(kiln.compile()).statLine()   // "3 models, 2 seeds, 4 data tests, 1 source, 2 macros"
 * }</pre>
 *
 * @param counts dbt's resource type name ({@code model}, {@code test}, {@code unit_test}, …) → how
 *               many, in the order the stat line names them; zero counts kept
 */
public record ResourceCounts(Map<String, Integer> counts) {

    private static final Pattern MACRO = Pattern.compile("<#(?:function|macro)\\s+([A-Za-z_][A-Za-z0-9_]*)");

    /** Copies the map, keeping its order. */
    public ResourceCounts {
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    /**
     * The totals of {@code compiled}: its enabled nodes, plus its project's sources, exposures,
     * macros and unit tests; counted once per compiled project.
     */
    public static ResourceCounts of(CompiledProject compiled) {
        ResourceCounts known = compiled.resourceCounts;
        if (known != null) {
            return known;
        }
        Map<String, Integer> by = new LinkedHashMap<>();
        Map<ResourceType, Integer> nodes = compiled.nodeCounts();
        for (ResourceType t : List.of(ResourceType.MODEL, ResourceType.SNAPSHOT, ResourceType.SEED, ResourceType.TEST)) {
            by.put(t.dbtName(), nodes.getOrDefault(t, 0));
        }
        Project project = compiled.project();
        RunHooks hooks = project.config().hooks();
        by.put("operation", hooks.onRunStart().size() + hooks.onRunEnd().size());
        by.put("source", project.sources().size());
        by.put("exposure", (int) project.exposures().values().stream().filter(Exposure::enabled).count());
        by.put("macro", macroNames(project).size());
        by.put("unit_test", project.unitTests().size());
        ResourceCounts counts = new ResourceCounts(by);
        compiled.resourceCounts = counts;
        return counts;
    }

    /** The names of the macros the project's macro files define, in load order, each once. */
    static Set<String> macroNames(Project project) {
        Set<String> names = new LinkedHashSet<>();
        for (Project.MacroFile f : project.macros()) {
            Matcher m = MACRO.matcher(f.content());
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** How many resources of dbt type {@code type} ({@code model}, {@code unit_test}, …); 0 for an unknown type. */
    public int count(String type) {
        return counts.getOrDefault(type, 0);
    }

    /**
     * dbt's stat line: each non-zero count with its noun, in order, joined with commas, as dbt
     * 1.8+ words it ({@code 1 model}, {@code 2 models}, {@code 1 test} but {@code 4 data tests},
     * {@code 1 unit test}, {@code 2 operations}); {@code 0 nodes} when the project is empty.
     */
    public String statLine() {
        List<String> parts = new ArrayList<>();
        counts.forEach((type, n) -> {
            if (n != 0) {
                parts.add(n + " " + noun(type, n));
            }
        });
        return parts.isEmpty() ? "0 nodes" : String.join(", ", parts);
    }

    private static String noun(String type, int n) {
        if (n == 1) {
            return type.replace('_', ' ');
        }
        return switch (type) {
            case "test" -> "data tests";
            case "analysis" -> "analyses";
            default -> type.replace('_', ' ') + "s";
        };
    }
}
