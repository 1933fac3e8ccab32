package dev.kiln.cli;

import dev.kiln.hubspot.testserver.FakeHubSpot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kiln build} and {@code kiln sync} with {@code --debug}, in their own JVM (so that
 * every log line is captured), on a project whose sync exposure sends to HubSpot on loopback:
 * the records arrive, and the token is in no output and no file.
 */
class SyncHubSpotCommandTest {

    static final String TOKEN = "pat-eu1-7d1e2c3b-aaaa-4bbb-8ccc-0123456789ab";

    @TempDir
    Path dir;

    private void project(String baseUrl) throws Exception {
        Files.createDirectories(dir.resolve("models"));
        Files.createDirectories(dir.resolve("seeds"));
        Files.writeString(dir.resolve("kiln.yml"), """
                name: crm
                version: 1.0.0
                targets:
                  dev: {type: duckdb, path: target/crm.duckdb}
                """);
        Files.writeString(dir.resolve("seeds/people.csv"), "email,segment\nana@example.com,champions\nbo@example.com,loyal\n");
        Files.writeString(dir.resolve("models/crm_contacts.sql"), "select email, segment as rfm_segment from ${ref('people')}\n");
        Files.writeString(dir.resolve("models/schema.yml"), """
                version: 2
                models:
                  - name: crm_contacts
                    columns:
                      - name: email
                        data_tests: [unique, not_null]
                exposures:
                  - name: hubspot_contacts
                    type: application
                    owner: {name: Marketing ops}
                    depends_on: [ref('crm_contacts')]
                    sync:
                      to: hubspot
                      model: crm_contacts
                      match: {column: email, property: email}
                      properties: {datavision_rfm_segment: rfm_segment}
                      access_token: "${env_var('HUBSPOT_ACCESS_TOKEN')}"
                      base_url: "%s"
                """.formatted(baseUrl));
    }

    private record Run(int exitCode, String output) {
    }

    private Run kiln(String token, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("kiln-output.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("HUBSPOT_ACCESS_TOKEN", token);
        Process p = pb.start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        return new Run(p.exitValue(), text);
    }

    @Test
    void buildAndSyncWithDebugLoggingSendTheRecordsAndNeverShowTheToken() throws Exception {
        try (FakeHubSpot hubspot = new FakeHubSpot(TOKEN).property("datavision_rfm_segment", "string")) {
            project(hubspot.baseUrl());
            Run build = kiln(TOKEN, "build", "--project-dir", dir.toString(), "--debug");
            assertThat(build.exitCode()).as(build.output()).isZero();
            assertThat(build.output()).contains("hubspot_contacts").contains("debug");
            assertThat(hubspot.contacts()).containsOnlyKeys("ana@example.com", "bo@example.com");

            Files.writeString(dir.resolve("seeds/people.csv"), "email,segment\nana@example.com,champions\nbo@example.com,champions\n");
            Run seed = kiln(TOKEN, "build", "--project-dir", dir.toString(), "-s", "people+", "--exclude", "exposure:hubspot_contacts");
            assertThat(seed.exitCode()).as(seed.output()).isZero();
            Run dry = kiln(TOKEN, "sync", "--project-dir", dir.toString(), "--dry-run", "--debug");
            assertThat(dry.exitCode()).as(dry.output()).isZero();
            assertThat(dry.output()).contains("1 changed");
            Run sync = kiln(TOKEN, "sync", "--project-dir", dir.toString(), "--debug");
            assertThat(sync.exitCode()).as(sync.output()).isZero();
            assertThat(hubspot.contacts().get("bo@example.com")).containsEntry("datavision_rfm_segment", "champions");

            Files.writeString(dir.resolve("seeds/people.csv"), "email,segment\nana@example.com,loyal\nbo@example.com,champions\n");
            Run refused = kiln("pat-eu1-revoked-0000", "build", "--project-dir", dir.toString(), "--debug");
            assertThat(refused.exitCode()).as(refused.output()).isNotZero();
            assertThat(refused.output()).contains("HUBSPOT_ACCESS_TOKEN").contains("401").doesNotContain("pat-eu1-revoked-0000");

            for (Run r : List.of(build, dry, sync, refused)) {
                assertThat(r.output()).doesNotContain(TOKEN);
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(TOKEN);
                }
            }
        }
    }
}
