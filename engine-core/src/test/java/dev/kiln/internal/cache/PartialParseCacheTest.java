package dev.kiln.internal.cache;

import dev.kiln.Exposure;
import dev.kiln.Kiln;
import dev.kiln.KilnListener;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code target/partial_parse.bin} keeps and when it is used: no credential (the value of an
 * environment variable read, a literal under a secret-looking key) reaches it, yet such a project
 * is still reused and gets its values back; files outside the project's inputs do not count;
 * an edit writes a delta next to the base instead of the whole cache.
 */
class PartialParseCacheTest {

    private static final String LITERAL_TOKEN = "pat-eu1-literal-0123456789";
    private static final String ENV_KEY = "env-api-key-9876543210";
    private static final String ENV_URL = "https://crm.example.test/hook-abcdef";

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private TempProject p;

    @BeforeEach
    void project() {
        p = TempProject.views(dir, "cachetest");
        p.file("models/m1.sql", "select 1 as id, '${env_var('REGION', 'eu')}' as region\n");
        p.file("models/m2.sql", "select id from ${ref('m1')}\n");
        p.file("models/schema.yml", """
                version: 2
                exposures:
                  - name: crm
                    type: application
                    owner: {name: ops}
                    depends_on: [ref('m2')]
                    sync:
                      to: test_file
                      model: m2
                      token: "%s"
                      reject: "${env_var('CRM_URL')}/v3"
                  - name: crm_env
                    type: application
                    owner: {name: ops}
                    depends_on: [ref('m2')]
                    sync: {to: test_file, model: m2, token: "${env_var('CRM_API_KEY')}"}
                """.formatted(LITERAL_TOKEN));
        env.put("CRM_API_KEY", ENV_KEY);
        env.put("CRM_URL", ENV_URL);
        env.put("REGION", "eu-west-1-region");
    }

    @Test
    void noSecretReachesTheCacheYetTheProjectIsReusedWithItsValues() throws IOException {
        assertThat(compile().outcome).isEqualTo("full");
        assertNoSecretIn(dir.resolve("target"));
        assertThat(Files.exists(dir.resolve("target/" + PartialParse.FILE))).isTrue();

        Compiled again = compile();
        assertThat(again.outcome).as("a project holding secrets still gets partial parsing").isEqualTo("unchanged");
        assertThat(again.sync.get("crm")).containsEntry("token", LITERAL_TOKEN).containsEntry("reject", ENV_URL + "/v3");
        assertThat(again.sync.get("crm_env")).containsEntry("token", ENV_KEY);
        assertThat(again.sql.get("m1")).contains("eu-west-1-region");

        p.file("models/m2.sql", "select id, 2 as two from ${ref('m1')}\n");
        Compiled edited = compile();
        assertThat(edited.outcome).isEqualTo("edited");
        assertThat(Files.exists(dir.resolve("target/" + PartialParse.DELTA))).isTrue();
        assertNoSecretIn(dir.resolve("target"));
        Compiled reused = compile();
        assertThat(reused.outcome).isEqualTo("unchanged");
        assertThat(reused.sync.get("crm")).containsEntry("token", LITERAL_TOKEN);
        assertThat(reused.sync.get("crm_env")).containsEntry("token", ENV_KEY);

        env.put("CRM_API_KEY", "another-key-00000000");
        Compiled changed = compile();
        assertThat(changed.outcome).isEqualTo("full");
        assertThat(changed.sync.get("crm_env")).containsEntry("token", "another-key-00000000");
        Compiled after = compile();
        assertThat(after.outcome).isEqualTo("unchanged");
        assertThat(after.sync.get("crm_env")).containsEntry("token", "another-key-00000000");
        assertNoSecretIn(dir.resolve("target"));
    }

    @Test
    void filesOutsideTheProjectsInputsDoNotCount() throws IOException {
        p.file("pom.xml", "<project/>\n");
        p.file("src/main/java/App.java", "class App {}\n");
        compile();
        assertThat(compile().outcome).isEqualTo("unchanged");
        p.file("pom.xml", "<project><!-- changed --></project>\n");
        p.file("src/main/java/App.java", "class App { int x; }\n");
        p.file("data/raw/events.csv", "id\n1\n");
        assertThat(compile().outcome).as("pom.xml, src/ and data/ are not the project's inputs").isEqualTo("unchanged");
        p.file("models/m3.sql", "select 3 as id\n");
        assertThat(compile().outcome).as("a new model is").isEqualTo("full");
        p.file("kiln.yml", Files.readString(dir.resolve("kiln.yml")).replace("version: 1.0.0", "version: 1.0.1"));
        assertThat(compile().outcome).isEqualTo("full");
        assertThat(compile().outcome).isEqualTo("unchanged");
    }

    @Test
    void anEditWritesADeltaAndLeavesTheBaseAlone() throws IOException {
        compile();
        Path base = dir.resolve("target/" + PartialParse.FILE);
        byte[] before = Files.readAllBytes(base);
        for (int i = 0; i < 3; i++) {
            p.file("models/m2.sql", "select id, " + i + " as n from ${ref('m1')}\n");
            Compiled c = compile();
            assertThat(c.outcome).isEqualTo("edited");
            assertThat(c.sql.get("m2")).contains(i + " as n");
            assertThat(Files.readAllBytes(base)).as("the base file is not written again").isEqualTo(before);
        }
        Compiled unchanged = compile();
        assertThat(unchanged.outcome).isEqualTo("unchanged");
        assertThat(unchanged.sql.get("m2")).as("the delta's rendering is used").contains("2 as n");

        p.file("models/schema.yml", Files.readString(dir.resolve("models/schema.yml")).replace("type: application",
                "type: application\n    description: changed"));
        assertThat(compile().outcome).isEqualTo("full");
        assertThat(Files.exists(dir.resolve("target/" + PartialParse.DELTA))).as("a full compile drops the delta").isFalse();
        assertThat(compile().outcome).isEqualTo("unchanged");
    }

    @Test
    void aDeltaHoldsOnlyWhatChangedAndATornOneIsNoCache() throws IOException {
        for (int i = 0; i < 120; i++) {
            p.file("models/many/x" + i + ".sql", "select id, " + i + " as k from ${ref('m1')}\n");
        }
        compile();
        p.file("models/many/x7.sql", "select id, 7000 as k from ${ref('m1')}\n");
        assertThat(compile().outcome).isEqualTo("edited");
        Path deltaFile = dir.resolve("target/" + PartialParse.DELTA);
        byte[] delta = Files.readAllBytes(deltaFile);
        String text = new String(delta, StandardCharsets.ISO_8859_1);
        assertThat(text).as("the edited file's fingerprint").contains("models/many/x7.sql")
                .as("no unchanged file's fingerprint").doesNotContain("x8.sql").doesNotContain("x119.sql");
        assertThat(delta.length).as("a delta a fraction of the base")
                .isLessThan((int) Files.size(dir.resolve("target/" + PartialParse.FILE)) / 10);

        Files.write(deltaFile, java.util.Arrays.copyOf(delta, delta.length / 2)); // a torn delta
        Compiled c = compile();
        assertThat(c.outcome).as("a torn delta is no cache").isEqualTo("full");
        assertThat(c.sql.get("x7")).contains("7000 as k");
        assertThat(compile().outcome).isEqualTo("unchanged");
        p.file("models/many/x8.sql", "select id, 8000 as k from ${ref('m1')}\n");
        c = compile();
        assertThat(c.outcome).isEqualTo("edited");
        assertThat(c.sql.get("x8")).contains("8000 as k");
        assertThat(c.sql.get("x7")).contains("7000 as k");
    }

    @Test
    void aDeltaForAnotherBaseIsIgnored() throws IOException {
        compile();
        p.file("models/m2.sql", "select id, 7 as n from ${ref('m1')}\n");
        compile();
        byte[] delta = Files.readAllBytes(dir.resolve("target/" + PartialParse.DELTA));
        p.file("models/schema.yml", Files.readString(dir.resolve("models/schema.yml")) + "\n# a comment\n");
        compile(); // full: a new base
        Files.write(dir.resolve("target/" + PartialParse.DELTA), delta); // the old base's delta
        Compiled c = compile();
        assertThat(c.outcome).isEqualTo("unchanged");
        assertThat(c.sql.get("m2")).contains("7 as n");
    }

    private void assertNoSecretIn(Path target) throws IOException {
        for (String name : List.of(PartialParse.FILE, PartialParse.DELTA)) {
            Path f = target.resolve(name);
            if (!Files.exists(f)) {
                continue;
            }
            String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            for (String secret : List.of(LITERAL_TOKEN, ENV_KEY, ENV_URL, "eu-west-1-region", "another-key-00000000")) {
                assertThat(bytes).as("%s holds %s", name, secret).doesNotContain(secret);
            }
        }
    }

    private record Compiled(String outcome, Map<String, Map<String, Object>> sync, Map<String, String> sql) {
    }

    private Compiled compile() {
        List<String> stages = new ArrayList<>();
        KilnListener listener = new KilnListener() {
            @Override
            public void stageFinished(String stage, Duration elapsed) {
                stages.add(stage);
            }
        };
        try (Kiln kiln = Kiln.configure().projectDir(dir).env(env::get).listener(listener).load()) {
            Map<String, String> sql = new HashMap<>();
            kiln.compile().nodes().forEach(n -> sql.put(n.node().name(), n.compiledSql()));
            Map<String, Map<String, Object>> sync = new HashMap<>();
            for (Exposure e : kiln.project().exposures().values()) {
                sync.put(e.name(), e.sync());
            }
            String load = stages.stream().filter(s -> s.startsWith("load")).findFirst().orElseThrow();
            String outcome = load.contains("unchanged") ? "unchanged" : load.contains("edited") ? "edited" : "full";
            return new Compiled(outcome, sync, sql);
        } catch (dev.kiln.KilnException e) {
            throw new AssertionError(e.getMessage() + " " + e.diagnostics(), e);
        }
    }
}
