package dev.kiln.internal.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.AnalysisReport;
import dev.kiln.CompiledProject;
import dev.kiln.Kiln;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifest patched from the entries of the last one ({@link EntryMemo}) against a full render,
 * over a sequence of edits compiled in one process as the compiler daemon does (partial parsing
 * on, a new {@code Kiln} per compile): after each, the bytes must be identical — both those of a
 * {@link ManifestWriter} that remembers, written next to a full render with the same metadata,
 * and the {@code target/manifest.json} the compile itself wrote — and an edit of one model must
 * reuse nearly every entry.
 */
class ManifestPatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    @TempDir
    Path out;

    private final Map<String, Object> vars = new java.util.LinkedHashMap<>(Map.of("factor", 2));
    private ManifestWriter patchedWriter;
    private int step;

    @Test
    void patchedManifestIsByteIdenticalToAFullRenderOverEdits() throws IOException {
        patchedWriter = new ManifestWriter(out, "memory", true);
        TempProject p = TempProject.create(dir, "patch", "ansi");
        p.file("models/sources.yml", sources("Raw events."));
        p.file("macros/money.ftl", "<#function cents col><#return \"(\" + col + \" / 100.0)\"></#function>\n");
        p.file("seeds/plans.csv", "plan\nfree\n");
        for (int i = 0; i < 8; i++) {
            p.file("models/m" + i + ".sql", i == 0 ? "select id, amount from ${source('raw', 'events')}\n"
                    : "select id, amount * ${var('factor')} as amount, ${cents('amount')} as dollars from ${ref('m"
                    + (i - 1) + "')}\n");
        }
        p.file("models/schema.yml", schema("model 3", "materialized: table\n        tags: [a]"));

        assertSame("initial", -1);
        assertSame("nothing changed", 0);
        p.file("models/m5.sql", "select id, amount + 1 as amount from ${ref('m4')}\n");
        Counts edited = assertSame("content of m5", 0);
        assertThat(edited.rendered()).as("an edit of one model renders little: %s", edited).isLessThanOrEqualTo(4);
        assertThat(edited.reused()).isGreaterThan(20);
        p.file("models/m6.sql", "<@config materialized='table' alias='m6_t' />\nselect id from ${ref('m5')}\n");
        assertSame("config of m6", 0);
        p.file("models/schema.yml", schema("changed", "materialized: table\n        tags: [a]"));
        assertSame("YAML description", 0);
        p.file("models/schema.yml", schema("changed", "tags: [a]\n        materialized: table"));
        assertSame("YAML config keys in another order", 0);
        p.file("models/n1.sql", "select id from ${ref('m2')}\n");
        assertSame("new model n1 (m2's children change)", 0);
        Files.delete(dir.resolve("models/m7.sql"));
        assertSame("delete m7", 0);
        Files.move(dir.resolve("models/n1.sql"), dir.resolve("models/n2.sql"));
        assertSame("rename n1 to n2", 0);
        p.file("macros/money.ftl", "<#function cents col><#return \"(\" + col + \" / 1000.0)\"></#function>\n");
        assertSame("macro", -1);
        vars.put("factor", 3);
        assertSame("vars", 0);
        p.file("seeds/plans.csv", "plan\nfree\npaid\n");
        assertSame("seed", 0);
        p.file("models/sources.yml", sources("Raw events, described again."));
        assertSame("source description", 0);
        p.file("models/m1.sql", "select id, amount from ${ref('m0')} where ${var('factor')} > 1\n");
        assertSame("content of m1 back to the same text", 0);
        assertSame("nothing changed again", 0);
    }

    /** Equal texts; otherwise the first difference with some context. */
    private static void assertIdentical(String what, String actual, String expected) {
        if (actual.equals(expected)) {
            return;
        }
        int i = 0;
        while (i < Math.min(actual.length(), expected.length()) && actual.charAt(i) == expected.charAt(i)) {
            i++;
        }
        int from = Math.max(0, i - 200);
        throw new AssertionError(what + ": the patched manifest differs at character " + i + ":\n  patched: "
                + actual.substring(from, Math.min(actual.length(), i + 200)) + "\n  full:    "
                + expected.substring(from, Math.min(expected.length(), i + 200)));
    }

    private static String sources(String description) {
        return """
                version: 2
                sources:
                  - name: raw
                    tables:
                      - name: events
                        description: %s
                """.formatted(description);
    }

    private static String schema(String description, String config) {
        return """
                version: 2
                models:
                  - name: m3
                    description: %s
                    config:
                        %s
                    columns:
                      - name: id
                        data_tests: [not_null, unique]
                """.formatted(description, config);
    }

    private record Counts(int reused, int rendered) {
    }

    /**
     * Compiles, then writes the manifest by patching and in full with one metadata and compares the
     * bytes; compares the compile's own manifest with a full render of its metadata; returns what the
     * patching reused. {@code minReused}: at least this many entries reused ({@code -1}: none must be).
     */
    private Counts assertSame(String what, int minReused) throws IOException {
        step++;
        try (Kiln kiln = Kiln.configure().projectDir(dir).vars(vars).load()) {
            CompiledProject compiled = kiln.compile();
            AnalysisReport analysis = kiln.analysis();
            ManifestMetadata metadata = new ManifestMetadata("v", "dev", "ansi", Instant.parse("2026-12-07T12:00:00Z"),
                    "step-" + step, "main");
            // both into one folder: compiled_path is relative to it
            String patched = Files.readString(patchedWriter.write(compiled, analysis, metadata));
            EntryMemo.Counts counts = patchedWriter.counts();
            String full = Files.readString(new ManifestWriter(out, "memory", false).write(compiled, analysis, metadata));
            assertIdentical(what, patched, full);
            if (minReused < 0) {
                assertThat(counts.reused()).as("%s: nothing reused", what).isZero();
            } else {
                assertThat(counts.reused()).as("%s: reused", what).isGreaterThanOrEqualTo(minReused);
            }
            assertThat(counts.rendered()).as("%s: rendered", what).isPositive(); // the metadata, at least one entry changed or seed

            // the compile's own manifest (patched in the pipeline) against a full render with its metadata
            String own = Files.readString(kiln.targetDir().resolve("manifest.json"));
            JsonNode meta = JSON.readTree(own).get("metadata");
            ManifestMetadata its = new ManifestMetadata(meta.get("env").get("KILN_VERSION").asText(),
                    meta.get("env").get("KILN_TARGET").asText(), meta.get("adapter_type").asText(),
                    Instant.parse(meta.get("generated_at").asText()), meta.get("invocation_id").asText(),
                    kiln.target().schema().orElse(kiln.dialect().defaultSchema()));
            Path again = new ManifestWriter(kiln.targetDir(), kiln.dialect().defaultDatabase(), false)
                    .write(compiled, analysis, its);
            assertIdentical(what + ": the compile's manifest.json", own, Files.readString(again));
            return new Counts(counts.reused(), counts.rendered());
        }
    }
}
