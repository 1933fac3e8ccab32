package dev.kiln.internal.load;

import dev.kiln.Exposure;
import dev.kiln.Node;
import dev.kiln.ResourceType;
import dev.kiln.SourceTable;
import dev.kiln.internal.util.Suggest;
import dev.kiln.internal.yaml.YamlReader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns each exposure's {@code depends_on} ({@code ref('model')}, {@code ref('project', 'model')},
 * {@code source('source', 'table')}) into unique ids; a reference to nothing, a malformed item
 * and a name declared twice are errors at their file, line and column.
 */
final class ExposureResolver {

    private static final Pattern REF = Pattern.compile(
            "ref\\(\\s*['\"]([^'\"]+)['\"]\\s*(?:,\\s*['\"]([^'\"]+)['\"]\\s*)?\\)");
    private static final Pattern SOURCE = Pattern.compile(
            "source\\(\\s*['\"]([^'\"]+)['\"]\\s*,\\s*['\"]([^'\"]+)['\"]\\s*\\)");

    private final String project;
    private final Map<String, Node> nodes;
    private final Map<String, SourceTable> sources;
    private final YamlReader reader;

    ExposureResolver(String project, Map<String, Node> nodes, Map<String, SourceTable> sources, YamlReader reader) {
        this.project = project;
        this.nodes = nodes;
        this.sources = sources;
        this.reader = reader;
    }

    /** The exposures of every file by unique id, in load order. */
    Map<String, Exposure> resolve(List<SchemaFile> schemas) {
        Map<String, Exposure> out = new LinkedHashMap<>();
        for (SchemaFile f : schemas) {
            for (ExposureDecl d : f.exposures()) {
                Exposure e = resolve(d);
                Exposure prev = out.putIfAbsent(e.uniqueId(), e);
                if (prev != null) {
                    reader.error("duplicate-exposure", e.origin().position(), "Exposure '" + e.name()
                            + "' is declared twice (also at " + prev.origin().position() + ").", "Rename one of them.");
                }
            }
        }
        return out;
    }

    private Exposure resolve(ExposureDecl d) {
        Exposure e = d.exposure();
        List<String> ids = new ArrayList<>();
        for (ExposureDecl.Dependency dep : d.dependsOn()) {
            String id = resolve(e, dep);
            if (id != null && !ids.contains(id)) {
                ids.add(id);
            }
        }
        if (e.enabled()) {
            for (String id : new ExposureBlocks(reader, this::refable).check(e)) {
                if (!ids.contains(id)) {
                    ids.add(id); // a model the sync or report reads is a dependency even if depends_on forgot it
                }
            }
        }
        return new Exposure(e.uniqueId(), e.name(), e.label(), e.type(), e.owner(), e.description(), ids, e.url(),
                e.maturity(), e.tags(), e.meta(), e.enabled(), e.sync(), e.report(), e.serve(), e.positions(), e.origin());
    }

    private Node refable(String name) {
        for (ResourceType t : List.of(ResourceType.MODEL, ResourceType.SEED, ResourceType.SNAPSHOT)) {
            Node n = nodes.get(t.dbtName() + "." + project + "." + name);
            if (n != null) {
                return n;
            }
        }
        return null;
    }

    private String resolve(Exposure e, ExposureDecl.Dependency dep) {
        String what = "Exposure '" + e.name() + "'";
        Matcher ref = REF.matcher(dep.text());
        if (ref.matches()) {
            String name = ref.group(2) != null ? ref.group(2) : ref.group(1);
            if (ref.group(2) != null && !ref.group(1).equals(project)) {
                reader.error("unknown-package", dep.position(), what + " depends on " + dep.text()
                        + ", but package '" + ref.group(1) + "' is not this project ('" + project + "').",
                        "Write ref('" + name + "').");
                return null;
            }
            for (ResourceType t : List.of(ResourceType.MODEL, ResourceType.SEED, ResourceType.SNAPSHOT)) {
                Node n = nodes.get(t.dbtName() + "." + project + "." + name);
                if (n != null) {
                    if (e.enabled() && !n.config().enabled()) {
                        reader.error("disabled-ref", dep.position(), what + " depends on " + t.dbtName() + " '" + name
                                + "', which is disabled.", "Enable it, or disable the exposure (config: {enabled: false}).");
                        return null;
                    }
                    return n.uniqueId();
                }
            }
            List<String> names = nodes.values().stream().filter(n -> n.resourceType().isRefable()).map(Node::name).toList();
            reader.error("depends-on-nothing", dep.position(), what + " depends on " + dep.text()
                    + ", but there is no model, seed or snapshot '" + name + "'.",
                    Suggest.didYouMean(name, names, "Create it, or remove the item from depends_on."));
            return null;
        }
        Matcher source = SOURCE.matcher(dep.text());
        if (source.matches()) {
            String id = "source." + project + "." + source.group(1) + "." + source.group(2);
            if (sources.containsKey(id)) {
                return id;
            }
            List<String> names = sources.values().stream().map(s -> s.sourceName() + "." + s.name()).toList();
            reader.error("depends-on-nothing", dep.position(), what + " depends on " + dep.text()
                    + ", but no source table " + source.group(1) + "." + source.group(2) + " is declared.",
                    Suggest.didYouMean(source.group(1) + "." + source.group(2), names,
                            "Declare it under sources:, or remove the item from depends_on."));
            return null;
        }
        reader.error("bad-depends-on", dep.position(), what + " has '" + dep.text() + "' in depends_on.",
                "Write ref('model') or source('source', 'table').");
        return null;
    }
}
