package dev.kiln.internal.load;

import dev.kiln.ColumnSpec;
import dev.kiln.Constraint;
import dev.kiln.NodeDocs;
import dev.kiln.NodeOrigin;
import dev.kiln.Relation;
import dev.kiln.SourcePosition;
import dev.kiln.SourceTable;
import dev.kiln.UnitTestSpec;
import dev.kiln.internal.yaml.YNode;
import dev.kiln.internal.yaml.YamlReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads one dbt-format YAML file ({@code version: 2}) into a {@link SchemaFile}. */
final class SchemaFileReader {

    private static final Set<String> TOP = Set.of("version", "models", "sources", "seeds", "snapshots",
            "unit_tests", "macros", "exposures", "metrics", "semantic_models", "analyses");
    private static final Set<String> MODEL = Set.of("name", "description", "config", "columns", "data_tests",
            "tests", "meta", "docs", "constraints", "relation", "access", "group");
    private static final Set<String> COLUMN = Set.of("name", "description", "data_type", "data_tests", "tests",
            "meta", "constraints", "quote", "tags", "policy_tags");
    private static final Set<String> COLUMN_CONSTRAINT = Set.of("type", "expression", "name", "warn_unenforced",
            "warn_unsupported", "to", "to_columns");
    private static final Set<String> MODEL_CONSTRAINT = Set.of("type", "columns", "expression", "name",
            "warn_unenforced", "warn_unsupported", "to", "to_columns");
    private static final Set<String> SOURCE = Set.of("name", "description", "schema", "database", "loader",
            "loaded_at_field", "freshness", "tables", "meta", "tags", "config", "quoting", "overrides");
    private static final Set<String> SOURCE_TABLE = Set.of("name", "description", "identifier",
            "external_location", "loaded_at_field", "freshness", "columns", "data_tests", "tests", "meta", "tags",
            "config", "quoting", "loader", "load");
    private static final Set<String> UNIT_TEST = Set.of("name", "model", "description", "given", "expect",
            "overrides", "config", "versions");
    private static final Set<String> GIVEN = Set.of("input", "rows", "format", "fixture");
    private static final Set<String> EXPECT = Set.of("rows", "format", "fixture");

    private final String projectName;
    private final YamlReader reader;
    private final FixtureRows fixtures;
    private final EnvVarResolver envVars;

    SchemaFileReader(String projectName, YamlReader reader) {
        this(projectName, reader, null);
    }

    /**
     * @param envVars resolves {@code env_var()} in {@code exposures:} entries (the rest of the
     *                file is resolved before it is read), or {@code null}
     */
    SchemaFileReader(String projectName, YamlReader reader, EnvVarResolver envVars) {
        this.projectName = projectName;
        this.reader = reader;
        this.fixtures = new FixtureRows(reader);
        this.envVars = envVars;
    }

    SchemaFile read(Path path, YNode doc) {
        List<Patch> models = new ArrayList<>();
        List<Patch> seeds = new ArrayList<>();
        List<Patch> snapshots = new ArrayList<>();
        List<SourceDecl> sources = new ArrayList<>();
        List<UnitTestSpec> unitTests = new ArrayList<>();
        List<ExposureDecl> exposures = new ArrayList<>();
        YNode.YMap map = reader.map(doc, "A schema YAML file");
        if (map != null) {
            reader.checkKeys(map, TOP, "a schema file");
            for (YNode n : reader.list(map.get("models"), "'models'")) {
                addIfPresent(models, patch(n, "model", false));
            }
            for (YNode n : reader.list(map.get("seeds"), "'seeds'")) {
                addIfPresent(seeds, patch(n, "seed", false));
            }
            for (YNode n : reader.list(map.get("snapshots"), "'snapshots'")) {
                addIfPresent(snapshots, patch(n, "snapshot", true));
            }
            for (YNode n : reader.list(map.get("sources"), "'sources'")) {
                sources(n, path, sources);
            }
            for (YNode n : reader.list(map.get("unit_tests"), "'unit_tests'")) {
                UnitTestSpec u = unitTest(n, path);
                if (u != null) {
                    unitTests.add(u);
                }
            }
            ExposureReader exposureReader = new ExposureReader(projectName, reader, envVars);
            for (YNode n : reader.list(map.get("exposures"), "'exposures'")) {
                addIfPresent(exposures, exposureReader.read(n, path));
            }
        }
        return new SchemaFile(path, models, seeds, snapshots, sources, unitTests, exposures);
    }

    private static <T> void addIfPresent(List<T> list, T item) {
        if (item != null) {
            list.add(item);
        }
    }

    private Patch patch(YNode node, String kind, boolean snapshot) {
        YNode.YMap m = reader.map(node, "A " + kind + " entry");
        if (m == null) {
            return null;
        }
        reader.checkKeys(m, MODEL, "a " + kind + " entry");
        String name = reader.required(m, "name", "A " + kind + " entry");
        if (name == null) {
            return null;
        }
        String relation = snapshot ? reader.required(m, "relation", "snapshot '" + name + "'") : null;
        List<TestDecl> tests = new ArrayList<>(tests(m, null));
        List<Constraint> constraints = new ArrayList<>();
        constraints(m.get("constraints"), null, constraints);
        List<ColumnSpec> columns = columns(m, tests, constraints);
        Map<String, Object> config = config(m.get("config"), ConfigKeys.NODE, kind + " '" + name + "'");
        // a snapshot's template is made from its relation: its problems are reported at that line
        SourcePosition at = relation != null && m.get("relation") != null ? m.get("relation").position() : m.position();
        return new Patch(name, description(m), columns, config, tests, relation, at, constraints);
    }

    private String description(YNode.YMap m) {
        String d = reader.string(m, "description", "'description'");
        return d == null ? "" : d.strip();
    }

    /**
     * Reads dbt {@code constraints:} into {@code out}: on a model ({@code column} null, with
     * {@code columns:}) or on a column (which it then covers).
     */
    private void constraints(YNode node, String column, List<Constraint> out) {
        for (YNode c : reader.list(node, "'constraints'")) {
            YNode.YMap cm = reader.map(c, "A constraint");
            if (cm == null) {
                continue;
            }
            reader.checkKeys(cm, column == null ? MODEL_CONSTRAINT : COLUMN_CONSTRAINT, "a constraint");
            String type = reader.required(cm, "type", "A constraint");
            if (type == null) {
                continue;
            }
            if (!Constraint.TYPES.contains(type)) {
                reader.error("bad-constraint", cm.get("type").position(), "Constraint type '" + type + "' is not one of "
                        + String.join(", ", Constraint.TYPES.stream().sorted().toList()) + ".",
                        dev.kiln.internal.util.Suggest.didYouMean(type, Constraint.TYPES, "Use one of them."));
                continue;
            }
            List<String> columns = column != null ? List.of(column) : reader.strings(cm.get("columns"), "'columns' of a constraint");
            if (column == null && columns.isEmpty() && !type.equals("check") && !type.equals("custom")) {
                reader.error("bad-constraint", cm.position(), "A model-level '" + type + "' constraint needs 'columns'.",
                        "Add 'columns: [col, …]', or declare it under the column's own 'constraints:'.");
                continue;
            }
            out.add(new Constraint(type, columns, reader.string(cm, "expression", "'expression'"),
                    reader.string(cm, "name", "'name'"), cm.position()));
        }
    }

    private List<ColumnSpec> columns(YNode.YMap owner, List<TestDecl> tests) {
        return columns(owner, tests, new ArrayList<>());
    }

    private List<ColumnSpec> columns(YNode.YMap owner, List<TestDecl> tests, List<Constraint> constraints) {
        List<ColumnSpec> columns = new ArrayList<>();
        for (YNode c : reader.list(owner.get("columns"), "'columns'")) {
            YNode.YMap cm = reader.map(c, "A column entry");
            if (cm == null) {
                continue;
            }
            reader.checkKeys(cm, COLUMN, "a column entry");
            String colName = reader.required(cm, "name", "A column entry");
            if (colName == null) {
                continue;
            }
            tests.addAll(tests(cm, colName));
            constraints(cm.get("constraints"), colName, constraints);
            @SuppressWarnings("unchecked")
            Map<String, Object> meta = cm.get("meta") != null && cm.get("meta").plain() instanceof Map<?, ?> mm
                    ? (Map<String, Object>) mm : Map.of();
            columns.add(new ColumnSpec(colName, description(cm), reader.string(cm, "data_type", "'data_type'"),
                    meta, cm.position()));
        }
        return columns;
    }

    Map<String, Object> config(YNode node, Set<String> allowed, String owner) {
        YNode.YMap cfg = reader.map(node, "'config' of " + owner);
        if (cfg == null) {
            return Map.of();
        }
        reader.checkKeys(cfg, allowed == ConfigKeys.NODE ? ConfigKeys.NODE_SPELLINGS : allowed, "the config of " + owner);
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) cfg.plain();
        return ConfigKeys.canonical(plain);
    }

    private List<TestDecl> tests(YNode.YMap owner, String column) {
        YNode node = owner.get("data_tests") != null ? owner.get("data_tests") : owner.get("tests");
        List<TestDecl> out = new ArrayList<>();
        for (YNode t : reader.list(node, "'data_tests'")) {
            TestDecl d = test(t, column);
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    private TestDecl test(YNode t, String column) {
        if (t instanceof YNode.YScalar s) {
            return s.value() == null ? null : new TestDecl(builtInName(s.text()), column, Map.of(), Map.of(), t.position());
        }
        YNode.YMap m = reader.map(t, "A data test");
        if (m == null) {
            return null;
        }
        if (m.entries().size() != 1) {
            reader.error("bad-test", m.position(), "A data test must be a name or a mapping with one key, the test's name.",
                    "Write '- accepted_values: {values: [a, b]}'.");
            return null;
        }
        String name = m.entries().keySet().iterator().next();
        YNode argsNode = m.get(name);
        Map<String, Object> kwargs = new LinkedHashMap<>();
        Map<String, Object> config = new LinkedHashMap<>();
        YNode.YMap args = reader.map(argsNode, "The arguments of test '" + name + "'");
        if (args != null) {
            args.entries().forEach((k, v) -> {
                if ("config".equals(k)) {
                    config.putAll(config(v, ConfigKeys.TEST, "test '" + name + "'"));
                } else if ("arguments".equals(k)) {
                    YNode.YMap a = reader.map(v, "'arguments' of test '" + name + "'");
                    if (a != null) {
                        a.entries().forEach((ak, av) -> kwargs.put(ak, av.plain()));
                    }
                } else if (ConfigKeys.TEST.contains(k)) {
                    config.put(k, v.plain());
                } else {
                    kwargs.put(k, v.plain());
                }
            });
        }
        return new TestDecl(builtInName(name), column, kwargs, config, m.keyPosition(name));
    }

    private void sources(YNode node, Path path, List<SourceDecl> out) {
        YNode.YMap m = reader.map(node, "A source entry");
        if (m == null) {
            return;
        }
        reader.checkKeys(m, SOURCE, "a source entry");
        String sourceName = reader.required(m, "name", "A source entry");
        if (sourceName == null) {
            return;
        }
        String schema = reader.string(m, "schema", "'schema'");
        String database = reader.string(m, "database", "'database'");
        String loadedAt = reader.string(m, "loaded_at_field", "'loaded_at_field'");
        Object freshness = m.get("freshness") == null ? null : m.get("freshness").plain();
        YNode.YMap loader = m.get("loader") instanceof YNode.YMap lm ? lm : null;
        for (YNode tn : reader.list(m.get("tables"), "'tables'")) {
            YNode.YMap t = reader.map(tn, "A source table entry");
            if (t == null) {
                continue;
            }
            reader.checkKeys(t, SOURCE_TABLE, "a source table entry");
            String table = reader.required(t, "name", "A source table entry");
            if (table == null) {
                continue;
            }
            String identifier = reader.string(t, "identifier", "'identifier'");
            List<TestDecl> tests = new ArrayList<>(tests(t, null));
            List<ColumnSpec> columns = columns(t, tests);
            String tableLoadedAt = reader.string(t, "loaded_at_field", "'loaded_at_field'");
            Object tableFreshness = t.get("freshness") == null ? freshness : t.get("freshness").plain();
            @SuppressWarnings("unchecked")
            Map<String, Object> fresh = tableFreshness instanceof Map<?, ?> f ? (Map<String, Object>) f : Map.of();
            String id = "source." + projectName + "." + sourceName + "." + table;
            dev.kiln.SourceLoad load = new LoadDeclReader(reader).read(loader, t.get("load"),
                    "source '" + sourceName + "', table '" + table + "'");
            SourceTable st = new SourceTable(id, sourceName, table,
                    new Relation(database, schema == null ? sourceName : schema, identifier == null ? table : identifier),
                    reader.string(t, "external_location", "'external_location'"),
                    tableLoadedAt != null ? tableLoadedAt : loadedAt, fresh,
                    new NodeDocs(description(t), columns),
                    new NodeOrigin(path, t.position(), List.of(projectName, sourceName, table)), load);
            out.add(new SourceDecl(st, tests));
        }
    }

    private UnitTestSpec unitTest(YNode node, Path path) {
        YNode.YMap m = reader.map(node, "A unit test entry");
        if (m == null) {
            return null;
        }
        reader.checkKeys(m, UNIT_TEST, "a unit test");
        String name = reader.required(m, "name", "A unit test");
        String model = reader.required(m, "model", "unit test '" + name + "'");
        if (name == null || model == null) {
            return null;
        }
        List<UnitTestSpec.Given> given = new ArrayList<>();
        for (YNode g : reader.list(m.get("given"), "'given'")) {
            YNode.YMap gm = reader.map(g, "A 'given' entry");
            if (gm == null) {
                continue;
            }
            reader.checkKeys(gm, GIVEN, "a 'given' entry");
            String input = reader.required(gm, "input", "A 'given' entry");
            if (input != null) {
                FixtureRows.Read rows = fixtures.read(gm, "given " + input.strip());
                given.add(new UnitTestSpec.Given(input.strip(), rows.rows(), gm.position(), rows.format(), rows.text()));
            }
        }
        YNode.YMap expect = reader.map(m.get("expect"), "'expect' of unit test '" + name + "'");
        FixtureRows.Read expected = new FixtureRows.Read("dict", List.of(), null);
        if (expect == null) {
            reader.error("missing-key", m.position(), "Unit test '" + name + "' has no 'expect'.",
                    "Add 'expect: {rows: [...]}'.");
        } else {
            reader.checkKeys(expect, EXPECT, "'expect'");
            expected = fixtures.read(expect, "'expect' of unit test '" + name + "'");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> overrides = m.get("overrides") != null && m.get("overrides").plain() instanceof Map<?, ?> o
                ? (Map<String, Object>) o : Map.of();
        return new UnitTestSpec("unit_test." + projectName + "." + model + "." + name, name, model, given,
                expected.rows(), overrides, description(m),
                new NodeOrigin(path, m.position(), List.of(projectName, model, name)), expected.format(), expected.text());
    }

    /** {@code dbt_utils.unique_combination_of_columns} names Kiln's built-in of the same name. */
    private static String builtInName(String name) {
        if (name != null && name.startsWith("dbt_utils.")) {
            String bare = name.substring("dbt_utils.".length());
            return GenericTests.SIGNATURES.containsKey(bare) ? bare : name;
        }
        return name;
    }
}
