package dev.kiln.internal.cache;

import dev.kiln.CompileSummary;
import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.Kiln;
import dev.kiln.KilnBuilder;
import dev.kiln.ResourceCounts;
import dev.kiln.ResourceType;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partial parsing's shortcut for a compile where nothing changed ({@link UpToDate},
 * {@code KilnBuilder.upToDateCompile()}): it gives the last compile's summary without writing
 * anything while every input and output is as it was, and gives nothing once an input, an
 * environment variable read, a setting or an output changes, or when the compile warned.
 */
class PartialParseUpToDateTest {

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private TempProject p;

    @BeforeEach
    void project() throws IOException {
        p = TempProject.views(dir, "uptodate");
        p.file("models/staging/m1.sql", "select 1 as id, '${env_var('REGION', 'eu')}' as region\n");
        p.file("models/m2.sql", "select id from ${ref('m1')}\n");
        p.file("models/schema.yml", """
                version: 2
                sources:
                  - name: raw
                    tables: [{name: events}]
                models:
                  - name: m2
                    columns:
                      - name: id
                        data_tests: [not_null]
                """);
        env.put("REGION", "eu-west-1");
        agePastRacyWindow();
    }

    @Test
    void nothingChangedGivesTheSummaryAndWritesNothing() throws IOException {
        CompiledProject compiled = compile();
        Map<Path, String> before = targetFiles();

        Optional<CompileSummary> s = builder().upToDateCompile();

        assertThat(s).isPresent();
        assertThat(s.get().found()).isEqualTo(ResourceCounts.of(compiled));
        assertThat(s.get().found().statLine()).isEqualTo("2 models, 1 test, 1 source");
        Map<ResourceType, Integer> byType = new EnumMap<>(ResourceType.class);
        compiled.nodes().forEach(n -> byType.merge(n.resourceType(), 1, Integer::sum));
        assertThat(s.get().nodes()).isEqualTo(byType);
        assertThat(s.get().nodeCount()).isEqualTo(compiled.nodes().size());
        assertThat(s.get().targetDir()).isEqualTo(dir.toAbsolutePath().normalize().resolve("target"));
        assertThat(targetFiles()).as("no file in target/ written, touched or removed").isEqualTo(before);
    }

    @Test
    void aTouchedOrDeletedOutputForcesTheNormalPath() throws IOException {
        compile();
        Path manifest = dir.resolve("target/manifest.json");
        Files.setLastModifiedTime(manifest, FileTime.fromMillis(Files.getLastModifiedTime(manifest).toMillis() + 5000));
        assertThat(builder().upToDateCompile()).as("manifest touched").isEmpty();

        compile(); // writes the manifest again: current again
        assertThat(builder().upToDateCompile()).isPresent();

        Files.delete(dir.resolve("target/compiled/uptodate/models/staging/m1.sql"));
        assertThat(builder().upToDateCompile()).as("a compiled file deleted").isEmpty();
        compile();
        assertThat(dir.resolve("target/compiled/uptodate/models/staging/m1.sql")).isRegularFile();
        assertThat(builder().upToDateCompile()).isPresent();

        Files.writeString(dir.resolve("target/compiled/uptodate/models/extra.sql"), "select 1\n");
        assertThat(builder().upToDateCompile()).as("a file added to the compiled tree").isEmpty();
        compile();

        Path columns = dir.resolve("target/" + dev.kiln.internal.analyze.SourceColumns.FILE);
        Files.writeString(columns, "{}");
        assertThat(builder().upToDateCompile()).as("source columns read from the warehouse since").isEmpty();
        Files.delete(columns);
        assertThat(builder().upToDateCompile()).isPresent();

        Files.delete(dir.resolve("target/manifest.json"));
        assertThat(builder().upToDateCompile()).as("manifest deleted").isEmpty();
        compile();

        Files.delete(dir.resolve("target/" + PartialParse.FILE));
        assertThat(builder().upToDateCompile()).as("the cache removed").isEmpty();
    }

    @Test
    void anyChangedInputGivesNothing() throws IOException {
        compile();
        p.file("models/m2.sql", "select id, 2 as two from ${ref('m1')}\n");
        assertThat(builder().upToDateCompile()).as("a model edited").isEmpty();
        compile();
        assertThat(builder().upToDateCompile()).isPresent();

        p.file("models/m3.sql", "select 3 as id\n");
        assertThat(builder().upToDateCompile()).as("a model added").isEmpty();
        compile();
        assertThat(builder().upToDateCompile()).isPresent();

        Files.delete(dir.resolve("models/m3.sql"));
        assertThat(builder().upToDateCompile()).as("a model removed").isEmpty();
        compile();

        env.put("REGION", "us-east-1");
        assertThat(builder().upToDateCompile()).as("an environment variable read changed").isEmpty();
        compile();
        assertThat(builder().upToDateCompile()).isPresent();

        assertThat(builder().vars(Map.of("x", 1)).upToDateCompile()).as("other --vars").isEmpty();
        assertThat(builder().threads(7).upToDateCompile()).as("other --threads").isEmpty();
        assertThat(builder().partialParse(false).upToDateCompile()).as("partial parsing off").isEmpty();
        assertThat(builder().upToDateCompile()).isPresent();
    }

    @Test
    void aFileRewrittenWithTheSameContentKeepsItCurrent() throws IOException {
        compile();
        String text = Files.readString(dir.resolve("models/m2.sql"));
        Files.writeString(dir.resolve("models/m2.sql"), text); // new time, same content: read again, recorded
        assertThat(builder().upToDateCompile()).isPresent();
        assertThat(builder().upToDateCompile()).isPresent();
    }

    @Test
    void aCompileThatWarnedIsNotRecorded() throws IOException {
        p.file("kiln.yml", """
                name: uptodate
                version: 1.0.0
                models:
                  +materialized: view
                  no_such_folder:
                    +materialized: table
                targets:
                  dev: {type: ansi, threads: 2}
                default-target: dev
                """);
        agePastRacyWindow();
        List<String> warnings = new java.util.ArrayList<>();
        try (Kiln kiln = builder().listener(new dev.kiln.KilnListener() {
            @Override
            public void warnings(List<dev.kiln.Diagnostic> w) {
                w.forEach(d -> warnings.add(d.code()));
            }
        }).load()) {
            kiln.compile();
        }
        assertThat(warnings).contains("unused-config");
        assertThat(builder().upToDateCompile()).isEmpty();
        assertThat(dir.resolve("target/" + UpToDate.FILE)).doesNotExist();
    }

    private KilnBuilder builder() {
        return Kiln.configure().projectDir(dir).env(env::get);
    }

    private CompiledProject compile() {
        try (Kiln kiln = builder().load()) {
            CompiledProject c = kiln.compile();
            for (CompiledNode n : c.nodes()) {
                assertThat(n.compiledSql()).isNotNull();
            }
            return c;
        }
    }

    /** The project's files dated a minute back, so that the fingerprint trusts their size and time. */
    private void agePastRacyWindow() throws IOException {
        FileTime past = FileTime.fromMillis(System.currentTimeMillis() - 60_000);
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(f, past);
            }
        }
    }

    /** Every file under target/ with its size and modification time. */
    private Map<Path, String> targetFiles() throws IOException {
        Map<Path, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir.resolve("target"))) {
            for (Path f : s.toList()) {
                out.put(f, Files.size(f) + "@" + Files.getLastModifiedTime(f).to(java.util.concurrent.TimeUnit.NANOSECONDS));
            }
        }
        return out;
    }
}
