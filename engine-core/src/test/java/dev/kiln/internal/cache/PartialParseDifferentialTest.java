package dev.kiln.internal.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.AnalysisReport;
import dev.kiln.CompileSummary;
import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.Kiln;
import dev.kiln.KilnException;
import dev.kiln.KilnListener;
import dev.kiln.ResourceCounts;
import dev.kiln.ResourceType;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partial parsing against a full compile, on random seeded edits of a small project: after each
 * edit (SQL content, {@code <@config>}, YAML, macros, vars, environment variables, deletes,
 * renames, new files, or none), one compile reuses {@code target/partial_parse.bin} and another
 * compiles from scratch into another directory; both must fail alike or give the same nodes,
 * compiled SQL, relations, dependencies, configs, graph (order, parents, children), template reads,
 * analysis and manifest. Before each, the up-to-date check must either decline or give the full
 * compile's summary. The cached compiles link downstream-only from the one before
 * ({@link dev.kiln.internal.link.LinkMemo}) whenever they can, so this also checks that link
 * against a full one, on edits of refs, relations ({@code alias}, {@code schema}), ephemeral
 * models and enabled flags.
 */
class PartialParseDifferentialTest {

    private static final int STEPS = 36;

    @TempDir
    Path dir;
    @TempDir
    Path fullTarget;

    private final Map<String, Object> vars = new LinkedHashMap<>();
    private final Map<String, String> env = new HashMap<>();
    private final Map<String, Integer> outcomes = new HashMap<>();
    private String lastOutcome;

    @Test
    void cachedAndFullCompilesAgreeOnRandomEdits() throws IOException {
        Random rnd = new Random(21);
        long watchedBefore = InputWatch.served();
        TempProject p = TempProject.create(dir, "diff", "ansi");
        p.file("kiln.yml", """
                name: diff
                version: 1.0.0
                vars: {factor: 2}
                models:
                  +materialized: view
                targets:
                  dev: {type: ansi, threads: 2}
                default-target: dev
                """);
        p.file("macros/money.ftl", "<#function cents col><#return \"(\" + col + \" / 100.0)\"></#function>\n");
        StringBuilder yml = new StringBuilder("version: 2\nsources:\n  - name: raw\n    tables:\n      - name: events\nmodels:\n");
        for (int i = 0; i < 12; i++) {
            String body = i == 0 ? "select id, amount, kind from ${source('raw', 'events')}\n"
                    : "select a.id, a.amount * ${var('factor')} as amount, ${cents('a.amount')} as dollars, a.kind\nfrom ${ref('m"
                    + rnd.nextInt(i) + "')} a\n";
            p.file("models/m" + i + ".sql", body);
            yml.append("  - name: m").append(i).append("\n    description: model ").append(i)
                    .append("\n    columns:\n      - name: id\n        data_tests: [not_null]\n");
        }
        p.file("models/schema.yml", yml.toString());
        p.file("tests/no_negative.sql", "select * from ${ref('m1')} where amount < 0\n");
        env.put("KIND", "a");
        compareBoth("initial");
        compareBoth("nothing changed");
        for (int step = 0; step < STEPS; step++) {
            Map<Path, String> before = snapshot();
            String what = edit(p, rnd);
            if (!compareBoth("step " + step + ": " + what)) { // an edit that broke the project: undone, and compared again
                restore(before);
                compareBoth("step " + step + ": undo " + what);
            }
        }
        long watched = InputWatch.served() - watchedBefore;
        System.out.println("partial parse outcomes over " + (STEPS + 2) + " steps: " + outcomes + "; " + watched
                + " input listings from a watch");
        assertThat(outcomes).as("partial parsing was used, not only full compiles: %s", outcomes)
                .containsKey("unchanged").containsKey("edited").containsKey("up-to-date");
        assertThat(outcomes.get("unchanged") + outcomes.get("edited")).isGreaterThanOrEqualTo(12);
        assertThat(outcomes.get("relinked")).as("downstream-only links: %s", outcomes).isGreaterThanOrEqualTo(8);
        assertThat(watched).as("the input listings of a process that compiles again come from a watch").isGreaterThanOrEqualTo(10);
    }

    /** One random edit; returns what it was. */
    private String edit(TempProject p, Random rnd) throws IOException {
        List<String> models = models();
        String m = models.get(rnd.nextInt(models.size()));
        Path file = dir.resolve("models/" + m + ".sql");
        String text = Files.readString(file);
        switch (rnd.nextInt(15)) {
            case 0, 1, 2 -> {
                p.file("models/" + m + ".sql", text.replaceFirst("select ", "select " + rnd.nextInt(100) + " as c" + rnd.nextInt(3) + ", "));
                return "content of " + m;
            }
            case 3 -> {
                String[] configs = {"materialized=\"table\"", "materialized=\"ephemeral\"", "alias=\"" + m + "_x\"",
                        "schema=\"s" + rnd.nextInt(2) + "\"", "tags=[\"t\"]", "enabled=false"};
                String body = text.replaceAll("<@config[^>]*/>\\n", "");
                p.file("models/" + m + ".sql", "<@config " + configs[rnd.nextInt(configs.length)] + " />\n" + body);
                return "config of " + m;
            }
            case 4 -> {
                String y = Files.readString(dir.resolve("models/schema.yml"));
                p.file("models/schema.yml", y.replaceFirst("description: model \\d+", "description: changed " + rnd.nextInt(100)));
                return "YAML description";
            }
            case 5 -> {
                p.file("macros/money.ftl", "<#function cents col><#return \"(\" + col + \" / " + (10 + rnd.nextInt(1000))
                        + ".0)\"></#function>\n");
                return "macro";
            }
            case 6 -> {
                vars.put("factor", rnd.nextInt(5));
                return "vars " + vars;
            }
            case 7 -> {
                env.put("KIND", "k" + rnd.nextInt(3));
                p.file("models/" + m + ".sql", text.replace("a.kind\n", "'${env_var('KIND', 'none')}' as kind\n"));
                return "environment variable in " + m;
            }
            case 8 -> {
                Files.delete(file);
                return "delete " + m;
            }
            case 9 -> {
                String to = m + "_r";
                Files.move(file, dir.resolve("models/" + to + ".sql"));
                return "rename " + m + " to " + to;
            }
            case 10 -> {
                String n = "n" + rnd.nextInt(1000);
                p.file("models/" + n + ".sql", "select id from ${ref('" + m + "')}\n");
                return "new model " + n;
            }
            case 11, 12 -> { // another parent: what it reads changes, and the graph
                String to = models.get(rnd.nextInt(models.size()));
                if (text.contains("${ref('")) {
                    p.file("models/" + m + ".sql", text.replaceFirst("\\$\\{ref\\('[^']*'\\)}", "\\${ref('" + to + "')}"));
                    return "ref of " + m + " to " + to;
                }
                return "nothing";
            }
            case 13 -> { // one more parent, joined
                String to = models.get(rnd.nextInt(models.size()));
                p.file("models/" + m + ".sql", text.strip().replaceAll("\\n--.*$", "")
                        + "\n-- reads ${ref('" + to + "')} too\n");
                return "extra ref of " + m + " to " + to;
            }
            default -> {
                return "nothing";
            }
        }
    }

    private Map<Path, String> snapshot() throws IOException {
        Map<Path, String> out = new HashMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).filter(f -> !f.startsWith(dir.resolve("target"))).toList()) {
                out.put(f, Files.readString(f));
            }
        }
        return out;
    }

    private void restore(Map<Path, String> files) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).filter(f -> !f.startsWith(dir.resolve("target"))).toList()) {
                if (!files.containsKey(f)) {
                    Files.delete(f);
                }
            }
        }
        for (Map.Entry<Path, String> e : files.entrySet()) {
            if (!Files.exists(e.getKey()) || !Files.readString(e.getKey()).equals(e.getValue())) {
                Files.writeString(e.getKey(), e.getValue());
            }
        }
    }

    private List<String> models() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("models"))) {
            return s.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".sql"))
                    .map(f -> f.substring(0, f.length() - 4)).sorted().toList();
        }
    }

    private record Result(Map<String, String> nodes, String analysis, Map<String, String> manifest, String error,
                          String summary, Map<String, String> tree, List<String> graph) {
    }

    /**
     * Compiles both ways and compares; returns whether the project compiled. When the up-to-date
     * check ({@code upToDateCompile()}) answers first, its summary must be the full compile's, and
     * the cached compile must find nothing changed.
     */
    private boolean compareBoth(String what) {
        Optional<CompileSummary> upToDate = Kiln.configure().projectDir(dir).vars(vars).env(env::get).upToDateCompile();
        Result cached = compile(true);
        Result full = compile(false);
        assertThat(cached.error()).as("error after %s", what).isEqualTo(full.error());
        if (upToDate.isPresent()) {
            outcomes.merge("up-to-date", 1, Integer::sum);
            assertThat(lastOutcome).as("cached compile after an up-to-date check, after %s", what).isEqualTo("unchanged");
            assertThat(full.error()).as("up-to-date after %s", what).isNull();
            CompileSummary s = upToDate.get();
            assertThat("Found " + s.found().statLine() + "; " + s.nodes()).as("summary after %s", what)
                    .isEqualTo(full.summary());
        }
        if (full.error() == null) {
            assertThat(cached.nodes()).as("nodes after %s", what).isEqualTo(full.nodes());
            assertThat(cached.graph()).as("graph after %s", what).isEqualTo(full.graph());
            assertThat(cached.analysis()).as("analysis after %s", what).isEqualTo(full.analysis());
            assertThat(cached.manifest()).as("manifest after %s", what).isEqualTo(full.manifest());
            assertThat(cached.tree()).as("compiled tree (patched in place or not) after %s", what).isEqualTo(full.tree());
        }
        return full.error() == null;
    }

    private Result compile(boolean partial) {
        List<String> stages = new ArrayList<>();
        KilnListener listener = new KilnListener() {
            @Override
            public void stageFinished(String stage, Duration elapsed) {
                stages.add(stage);
            }
        };
        long relinked = dev.kiln.internal.link.LinkMemo.relinked();
        var b = Kiln.configure().projectDir(dir).vars(vars).env(env::get).listener(listener).partialParse(partial);
        if (!partial) {
            b.targetPath(fullTarget);
        }
        try (Kiln kiln = b.load()) {
            CompiledProject c = kiln.compile();
            AnalysisReport a = kiln.analysis();
            Map<String, String> nodes = new LinkedHashMap<>();
            for (CompiledNode n : c.nodes()) {
                nodes.put(n.uniqueId(), n.compiledSql() + "\n" + n.relation() + "\n" + n.dependsOn() + "\n" + n.sources()
                        + "\n" + n.config() + "\n" + n.node().docs() + "\n" + n.node().origin());
            }
            Map<ResourceType, Integer> byType = new EnumMap<>(ResourceType.class);
            c.nodes().forEach(n -> byType.merge(n.resourceType(), 1, Integer::sum));
            return new Result(nodes, a.models() + "\n" + a.diagnostics(), manifest(kiln.targetDir()), null,
                    "Found " + ResourceCounts.of(c).statLine() + "; " + byType, tree(kiln.targetDir().resolve("compiled/diff")),
                    graph(c));
        } catch (KilnException e) {
            return new Result(null, null, null, e.getMessage(), null, null, null);
        } finally {
            if (partial) {
                lastOutcome = stages.stream().filter(s -> s.startsWith("load")).findFirst()
                        .map(s -> s.contains("unchanged") ? "unchanged" : s.contains("edited") ? "edited" : "full").orElse(null);
                if (lastOutcome != null) {
                    outcomes.merge(lastOutcome, 1, Integer::sum);
                }
                if (dev.kiln.internal.link.LinkMemo.relinked() > relinked) {
                    outcomes.merge("relinked", 1, Integer::sum);
                }
            }
        }
    }

    /** The graph in order, each id with its parents, children and template reads; the nodes in their order. */
    private static List<String> graph(CompiledProject c) {
        List<String> out = new ArrayList<>();
        for (String id : c.graphOrder()) {
            out.add(id + " <- " + c.parents(id) + " -> " + c.children(id) + " reads " + c.reads(id));
        }
        c.nodes().forEach(n -> out.add(n.uniqueId()));
        return out;
    }

    /** Every file of a compiled tree, its stamp too, by relative path, with its content. */
    private static Map<String, String> tree(Path root) {
        Map<String, String> out = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(f).toString(), Files.readString(f));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    /** The manifest's entries by key path ({@code nodes/<id>}, …), without metadata and the compiled paths (they name the target directory). */
    private static Map<String, String> manifest(Path targetDir) {
        try {
            JsonNode m = new ObjectMapper().readTree(targetDir.resolve("manifest.json").toFile());
            ((ObjectNode) m).remove("metadata");
            Map<String, String> out = new java.util.TreeMap<>();
            m.fields().forEachRemaining(section -> {
                if (section.getValue().isObject()) {
                    section.getValue().fields().forEachRemaining(e -> {
                        if (e.getValue().isObject()) {
                            ((ObjectNode) e.getValue()).remove("compiled_path");
                        }
                        out.put(section.getKey() + "/" + e.getKey(), e.getValue().toString());
                    });
                } else {
                    out.put(section.getKey(), section.getValue().toString());
                }
            });
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
