package dev.kiln.ingest;

import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code from: files} with an {@code s3://} path, against an S3-compatible endpoint on loopback. */
class S3FilesLoaderTest {

    @TempDir
    Path dir;

    private LoopbackS3 s3;

    @BeforeEach
    void start() throws Exception {
        s3 = new LoopbackS3();
        System.setProperty("aws.accessKeyId", "AKIDLOOPBACK");
        System.setProperty("aws.secretAccessKey", "loopback-secret");
    }

    @AfterEach
    void stop() {
        s3.close();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    private Loads project(String path) {
        return new Loads(dir, Map.of()).file("models/sources.yml", """
                version: 2
                sources:
                  - name: logs
                    schema: raw
                    loader: {from: files, s3_endpoint: "%s", s3_region: eu-west-1}
                    tables:
                      - name: sessions
                        load: {path: "%s", disposition: append}
                """.formatted(s3.endpoint(), path));
    }

    @Test
    void objectsAreListedPageByPageReadOnceAndReadAgainWhenTheirEtagChanges() throws Exception {
        s3.put("landing/sessions/day1.jsonl", "{\"session_id\": 1, \"ctx\": {\"country\": \"ES\"}}\n{\"session_id\": 2}\n");
        s3.put("landing/sessions/day2.jsonl", "{\"session_id\": 3}\n");
        s3.put("landing/sessions/notes.txt", "not json");
        s3.put("landing/other/day1.jsonl", "{\"session_id\": 99}\n");
        Loads p = project("s3://landing/sessions/*.jsonl");

        NodeResult first = Loads.only(p.load("source:logs"));
        assertThat(first.status()).isEqualTo(NodeStatus.SUCCESS);
        assertThat(first.rowsAffected()).isEqualTo(3);
        assertThat(p.rows("select session_id, ctx__country from raw.sessions order by 1")).containsExactly("1|ES", "2|null", "3|null");
        // listed below the fixed prefix, two keys a page, signed with the default chain's credentials
        assertThat(s3.requests).filteredOn(r -> r.target().contains("list-type=2")).hasSize(2)
                .allMatch(r -> r.target().startsWith("/landing?") && r.target().contains("prefix=sessions%2F"));
        assertThat(s3.requests).allMatch(r -> r.auth().equals("AWS4-HMAC-SHA256"));
        assertThat(s3.requests).filteredOn(r -> r.method().equals("GET") && !r.target().contains("list-type"))
                .extracting(LoopbackS3.Request::target).containsExactly("/landing/sessions/day1.jsonl", "/landing/sessions/day2.jsonl");

        // nothing new: nothing read
        s3.requests.clear();
        assertThat(Loads.only(p.load("source:logs")).rowsAffected()).isZero();
        assertThat(s3.requests).allMatch(r -> r.target().contains("list-type=2"));

        // a new object, and one written again under the same key (a new ETag), are read
        s3.put("landing/sessions/day3.jsonl", "{\"session_id\": 4}\n");
        s3.put("landing/sessions/day2.jsonl", "{\"session_id\": 3}\n{\"session_id\": 5}\n");
        assertThat(Loads.only(p.load("source:logs")).rowsAffected()).isEqualTo(3);
        assertThat(p.rows("select session_id from raw.sessions order by 1")).containsExactly("1", "2", "3", "3", "4", "5");
        assertThat(p.rows("select state from _kiln_load._kiln_state")).singleElement().asString()
                .contains("s3://landing/sessions/day2.jsonl#" + LoopbackS3.etag("{\"session_id\": 3}\n{\"session_id\": 5}\n".getBytes()));
    }

    @Test
    void csvObjectsAreCopiedForDuckDbAndAMalformedLineNamesTheObject() throws Exception {
        s3.put("landing/plans/plans.csv", "plan,price\nfree,0\npro,12.5\n");
        Loads p = project("s3://landing/plans/*.csv");
        assertThat(Loads.only(p.load("source:logs")).rowsAffected()).isEqualTo(2);
        assertThat(p.rows("select plan, price from raw.sessions order by 2")).containsExactly("free|0.0", "pro|12.5");

        s3.put("landing/bad/day1.jsonl", "{\"session_id\": 1}\n{oops\n");
        Loads bad = new Loads(dir.resolve("bad"), Map.of()).file("models/sources.yml", """
                version: 2
                sources:
                  - name: logs
                    schema: raw
                    loader: {from: files, s3_endpoint: "%s", s3_region: eu-west-1}
                    tables:
                      - name: sessions
                        load: {path: "s3://landing/bad/*.jsonl"}
                """.formatted(s3.endpoint()));
        NodeResult r = Loads.only(bad.load("source:logs"));
        assertThat(r.status()).isEqualTo(NodeStatus.ERROR);
        assertThat(r.message()).contains("s3://landing/bad/day1.jsonl:2: malformed JSON line");
    }

    @Test
    void anEndpointThatIsNotAUrlIsReportedAtItsLine() {
        Loads p = new Loads(dir, Map.of()).file("models/sources.yml", """
                version: 2
                sources:
                  - name: logs
                    schema: raw
                    loader: {from: files, s3_endpoint: "localhost:9000"}
                    tables:
                      - name: sessions
                        load: {path: "s3://landing/*.jsonl"}
                """);
        try {
            p.load();
            throw new AssertionError("the project loaded");
        } catch (dev.kiln.KilnException e) {
            assertThat(e.diagnostics()).map(dev.kiln.Diagnostic::format)
                    .anyMatch(d -> d.contains("sources.yml:") && d.contains("'s3_endpoint: localhost:9000' is not an http:// or https:// URL"));
        }
        assertThat(s3.requests).isEmpty();
    }
}
