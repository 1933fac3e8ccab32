package dev.kiln.cli;

import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static dev.kiln.cli.CliRun.kiln;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Seeded mutations of a small DuckDB project (one file mutated at a time: bytes deleted,
 * YAML, template and SQL tokens and bytes that are not UTF-8 inserted, lines repeated or
 * swapped, files cut short or emptied), each followed by {@code kiln build}: never a Java
 * stack trace or an internal error, never past a time limit, exit 0, 1 or 2; exit 2 names a
 * file:line:col and leaves the database file as it was.
 */
class FuzzTest {

    private static final int MUTATIONS = 150;
    private static final long SEED = 20261207L;
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final Pattern POSITION = Pattern.compile("(?m)^\\S+:\\d+:\\d+: "); // file:line:col, as diagnostics and adapter settings errors start
    private static final List<String> TOKENS = List.of(":", ": ", "- ", "&a ", "*a", "[", "]", "{", "}", "'", "\"",
            "${", "}", "<#if x>", "</#if>", "<@config materialized=\"table\" />", "${ref('nope')}", "${ref('stg')}",
            "\t", "\n  ", "\n", "select", ",", " union all select 1", "--", "/*", "*/", "?", "%", "#", "!!str ", "|",
            ">", "null", "~", "0x", ";", "${var('zz')}", "<#list", "<", "\\", "\u0000", "é", "\u2028");

    @TempDir
    Path dir;

    private TempProject fixture() {
        return TempProject.create(dir, "fz", "duckdb")
                .file("kiln.yml", """
                        name: fz
                        vars: {min_id: 0}
                        models:
                          +materialized: view
                          marts: {+materialized: table}
                        targets:
                          dev: {type: duckdb, path: target/fz.duckdb, threads: 1}
                        """)
                .file("seeds/plans.csv", "id,name\n1,Free\n2,Premium\n3,Team\n")
                .file("models/staging/stg.sql", "select id, lower(name) as name from ${ref('plans')}\n")
                .file("models/marts/dim.sql", """
                        <@config materialized="table" tags=["daily"] />
                        select s.id, s.name, length(s.name) as len
                        from ${ref('stg')} s
                        where s.id > ${var('min_id')}
                        """)
                .file("models/marts/schema.yml", """
                        version: 2
                        models:
                          - name: dim
                            description: One row per plan.
                            columns:
                              - name: id
                                data_tests: [unique, not_null]
                              - name: name
                                data_tests:
                                  - accepted_values: {values: [free, premium, team]}
                        """)
                .file("snapshots/plans.yml", """
                        snapshots:
                          - name: plans_history
                            relation: ref('plans')
                            config: {unique_key: id, strategy: check, check_cols: all}
                        """);
    }

    @Test
    void mutatedProjectsFailCleanly() throws Exception {
        TempProject project = fixture();
        CliRun first = kiln("build", "--project-dir", dir.toString());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        Map<String, byte[]> originals = new TreeMap<>();
        for (String f : List.of("kiln.yml", "seeds/plans.csv", "models/staging/stg.sql", "models/marts/dim.sql",
                "models/marts/schema.yml", "snapshots/plans.yml")) {
            originals.put(f, Files.readAllBytes(dir.resolve(f)));
        }
        List<String> files = new ArrayList<>(originals.keySet());
        Random random = new Random(SEED);
        Path db = dir.resolve("target/fz.duckdb");
        int[] byExit = new int[3];
        for (int i = 0; i < MUTATIONS; i++) {
            String file = files.get(random.nextInt(files.size()));
            byte[] mutated = mutate(originals.get(file), random);
            Files.write(dir.resolve(file), mutated);
            String before = digest(db);
            CliRun run = assertTimeoutPreemptively(LIMIT, () -> kiln("build", "--project-dir", dir.toString()));
            String what = "mutation " + i + " of " + file + ":\n" + new String(mutated, StandardCharsets.UTF_8) + "\n" + run;
            assertThat(run.exitCode()).as(what).isBetween(0, 2);
            assertThat(run.out() + run.err()).as(what).doesNotContain("internal error", "Exception", "\tat ");
            if (run.exitCode() == 2) {
                assertThat(run.err()).as(what).containsPattern(POSITION);
                assertThat(digest(db)).as("the database is untouched: " + what).isEqualTo(before);
            }
            byExit[run.exitCode()]++;
            Files.write(dir.resolve(file), originals.get(file));
        }
        assertThat(byExit[2]).as("most mutations are invalid projects").isGreaterThan(MUTATIONS / 3);
        project.root(); // the fixture stays in the temp dir for a failing run to inspect
    }

    private static byte[] mutate(byte[] in, Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = in.length == 0 ? 0 : r.nextInt(in.length);
        switch (r.nextInt(7)) {
            case 0 -> { // delete a span
                int len = 1 + r.nextInt(20);
                out.write(in, 0, at);
                out.write(in, Math.min(in.length, at + len), Math.max(0, in.length - at - len));
            }
            case 1, 2 -> { // insert a token
                out.write(in, 0, at);
                out.writeBytes(TOKENS.get(r.nextInt(TOKENS.size())).getBytes(StandardCharsets.UTF_8));
                out.write(in, at, in.length - at);
            }
            case 3 -> { // insert bytes that are not UTF-8
                out.write(in, 0, at);
                out.write(0xC3 + r.nextInt(0x3C));
                out.write(r.nextBoolean() ? 0x28 : 0xFF);
                out.write(in, at, in.length - at);
            }
            case 4 -> { // repeat or swap lines
                List<String> lines = new ArrayList<>(List.of(new String(in, StandardCharsets.UTF_8).split("\n", -1)));
                int a = r.nextInt(lines.size());
                int b = r.nextInt(lines.size());
                if (r.nextBoolean()) {
                    lines.add(a, lines.get(b));
                } else {
                    String t = lines.get(a);
                    lines.set(a, lines.get(b));
                    lines.set(b, t);
                }
                out.writeBytes(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
            }
            case 5 -> out.write(in, 0, at); // cut short
            default -> { // emptied, or only blanks
                if (r.nextBoolean()) {
                    out.writeBytes("\n  \n".getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return out.toByteArray();
    }

    private static String digest(Path file) throws Exception {
        if (!Files.exists(file)) {
            return "absent";
        }
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        return HexFormat.of().formatHex(md.digest(Files.readAllBytes(file)));
    }
}
