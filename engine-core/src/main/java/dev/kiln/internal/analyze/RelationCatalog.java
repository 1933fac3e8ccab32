package dev.kiln.internal.analyze;

import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.Relation;
import dev.kiln.ResourceType;
import dev.kiln.SourceTable;
import dev.kiln.internal.link.Linker;
import dev.kiln.spi.Dialect;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The relations Kiln manages (models, seeds, snapshots) and the declared sources: how each is
 * rendered into SQL, and which one a hand-written table name means. Names compare
 * case-insensitively; an
 * unqualified name means the default schema. A three-part name matches when its catalog is the
 * relation's own, or the one the dialect qualifies every relation with (DuckDB's database); a
 * dialect that renders no catalog matches any.
 */
final class RelationCatalog {

    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"]|\"\")*)\"");

    private final CompiledProject project;
    private final Dialect dialect;
    private final Path root;
    private final String defaultSchema;
    private final String defaultCatalog;
    private final Map<String, String> rendered = new ConcurrentHashMap<>();
    private Map<String, String> byName;
    private Map<String, String> ephemeralByName;

    RelationCatalog(CompiledProject project, AnalyzerOptions options) {
        this.project = project;
        this.dialect = options.dialect();
        this.root = project.project().config().root();
        this.defaultSchema = options.defaultSchema().toLowerCase(Locale.ROOT);
        this.defaultCatalog = catalogOf(dialect.render(Relation.of("s", "t")));
    }

    /** The catalog a dialect qualifies relations with ({@code "memory"} on DuckDB), or {@code null}. */
    private static String catalogOf(String rendered) {
        Matcher m = QUOTED.matcher(rendered);
        List<String> parts = new java.util.ArrayList<>();
        while (m.find()) {
            parts.add(m.group(1).replace("\"\"", "\""));
        }
        return parts.size() == 3 ? parts.get(0).toLowerCase(Locale.ROOT) : null;
    }

    /** Indexes every relation by name, the first time a hand-written name is looked up. */
    private synchronized Map<String, String> byName() {
        if (byName == null) {
            Map<String, String> names = new HashMap<>();
            for (SourceTable s : project.project().sources().values()) {
                index(names, s.relation(), s.uniqueId());
            }
            for (CompiledNode n : project.nodes()) {
                if (n.relation() != null && n.resourceType().isRefable()) {
                    index(names, n.relation(), n.uniqueId());
                }
            }
            byName = names;
        }
        return byName;
    }

    /** Ephemeral models by name, built on first use. */
    private synchronized Map<String, String> ephemeralByName() {
        if (ephemeralByName == null) {
            Map<String, String> names = new HashMap<>();
            project.nodes().forEach(n -> {
                if (isEphemeral(n)) {
                    names.put(n.name(), n.uniqueId());
                }
            });
            ephemeralByName = names;
        }
        return ephemeralByName;
    }

    private void index(Map<String, String> byName, Relation r, String id) {
        String schema = r.schema() == null ? defaultSchema : r.schema().toLowerCase(Locale.ROOT);
        String name = schema + "." + r.identifier().toLowerCase(Locale.ROOT);
        byName.putIfAbsent(name, id);
        if (r.database() != null) {
            byName.putIfAbsent(r.database().toLowerCase(Locale.ROOT) + "." + name, id);
        }
    }

    static boolean isEphemeral(CompiledNode n) {
        return n.resourceType() == ResourceType.MODEL && "ephemeral".equals(n.config().materialized());
    }

    /** The node or source a table name written by hand means, or {@code null}. */
    String lookup(List<String> parts) {
        Map<String, String> byName = byName();
        return switch (parts.size()) {
            case 1 -> byName.get(defaultSchema + "." + parts.get(0).toLowerCase(Locale.ROOT));
            case 2 -> byName.get((parts.get(0) + "." + parts.get(1)).toLowerCase(Locale.ROOT));
            case 3 -> {
                String full = String.join(".", parts).toLowerCase(Locale.ROOT);
                String id = byName.get(full);
                boolean ours = defaultCatalog == null || defaultCatalog.equals(parts.get(0).toLowerCase(Locale.ROOT));
                yield id != null || !ours ? id : byName.get((parts.get(1) + "." + parts.get(2)).toLowerCase(Locale.ROOT));
            }
            default -> null;
        };
    }

    /** The ephemeral model named {@code name}, or {@code null}. */
    String ephemeral(String name) {
        return ephemeralByName().get(name);
    }

    /**
     * What {@code node} declared, as rendered into its SQL: rendered text → unique id (its
     * {@code ref()}s, {@code source()}s, and its own relation for {@code ${this}}).
     */
    Map<String, String> renderings(CompiledNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String dep : node.dependsOn()) {
            project.node(dep).ifPresent(d -> {
                String text = isEphemeral(d) ? Linker.CTE_PREFIX + d.name() : d.relation() == null ? null : render(d);
                if (text != null) {
                    out.putIfAbsent(text, dep);
                }
            });
        }
        for (String src : node.sources()) {
            SourceTable s = project.project().sources().get(src);
            if (s != null) {
                out.putIfAbsent(rendered.computeIfAbsent(src, k -> dialect.renderSource(s, root)), src);
            }
        }
        if (node.relation() != null) {
            out.putIfAbsent(render(node), node.uniqueId());
        }
        return out;
    }

    private String render(CompiledNode n) {
        return rendered.computeIfAbsent(n.uniqueId(), k -> dialect.render(n.relation()));
    }

    /** The identifier of a node's or source's relation (what an unaliased table is qualified by). */
    String identifier(String uniqueId) {
        SourceTable s = project.project().sources().get(uniqueId);
        if (s != null) {
            return s.relation().identifier();
        }
        return project.node(uniqueId).map(n -> n.relation() != null ? n.relation().identifier()
                : Linker.CTE_PREFIX + n.name()).orElse(uniqueId);
    }

    /** The {@code ref()} or {@code source()} call that reads {@code uniqueId}. */
    String call(String uniqueId) {
        SourceTable s = project.project().sources().get(uniqueId);
        if (s != null) {
            return "${source('" + s.sourceName() + "', '" + s.name() + "')}";
        }
        return "${ref('" + project.node(uniqueId).map(CompiledNode::name).orElse(uniqueId) + "')}";
    }

    /** Whether {@code uniqueId} is a declared source. */
    boolean isSource(String uniqueId) {
        return project.project().sources().containsKey(uniqueId);
    }
}
