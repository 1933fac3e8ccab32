package dev.kiln.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end of a run: webhook alerts ({@code alerts:} in kiln.yml) and artifact uploads
 * ({@code --artifacts-uri}), against real HTTP servers on loopback and a real DuckDB.
 */
class RunEndTest {

    private static final String TOKEN = "T0000/B0000/s3cr3t-t0k3n";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @AfterEach
    void clearAwsProperties() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        System.clearProperty("aws.region");
    }

    /** Warehouse.shop's kiln.yml with an alerts: section. */
    private static TempProject withAlerts(TempProject p, String alerts) {
        return p.file("kiln.yml", """
                name: shop
                models:
                  staging: {+schema: staging}
                  marts: {+schema: analytics, +materialized: table}
                seeds:
                  +schema: raw
                targets:
                  dev: {type: duckdb, path: target/shop.duckdb, threads: 1}
                """ + alerts);
    }

    @Test
    void aFailedRunPostsTheFailedNodesAndTheirErrorsToTheWebhook() throws Exception {
        try (LoopbackServer slack = new LoopbackServer(r -> LoopbackServer.Answer.of(200, "ok"))) {
            TempProject p = withAlerts(Warehouse.shop(dir), """
                    alerts:
                      - webhook: "%s/services/%s"
                    """.formatted(slack.base(), TOKEN));
            CliRun run = CliRun.kiln("--project-dir", p.root().toString(), "build");
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(slack.requests()).hasSize(1);
            LoopbackServer.Request req = slack.requests().get(0);
            assertThat(req.method()).isEqualTo("POST");
            assertThat(req.path()).isEqualTo("/services/" + TOKEN);
            assertThat(req.headers().get("Content-type").get(0)).startsWith("application/json");
            JsonNode msg = JSON.readTree(req.body());
            assertThat(msg.get("text").asText()).contains("shop build on dev failed", "ERROR=1",
                    Warehouse.ACCEPTED_VALUES);
            String blocks = msg.get("blocks").toString();
            assertThat(msg.get("blocks").get(0).get("type").asText()).isEqualTo("header");
            assertThat(blocks).contains(Warehouse.ACCEPTED_VALUES, "failed", "Got 1 result");
            // the warned test and the skipped model are not failures
            assertThat(blocks).doesNotContain("not_null_dim_users_plan_id*");
            assertThat(run.out()).contains("Sent 1 alert.");
            assertThat(run.out() + run.err()).doesNotContain("s3cr3t");
        }
    }

    @Test
    void aPassingRunAlertsOnlyTheWebhooksThatAskForEveryRun() throws Exception {
        try (LoopbackServer onFailure = new LoopbackServer(r -> LoopbackServer.Answer.of(200, "ok"));
             LoopbackServer always = new LoopbackServer(r -> LoopbackServer.Answer.of(204, ""))) {
            TempProject p = withAlerts(Warehouse.passingShop(dir), """
                    alerts:
                      - {webhook: "%s/failure", when: failure}
                      - {webhook: "%s/always", when: always}
                    """.formatted(onFailure.base(), always.base()));
            CliRun run = CliRun.kiln("--project-dir", p.root().toString(), "build");
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(onFailure.requests()).isEmpty();
            assertThat(always.requests()).hasSize(1);
            assertThat(JSON.readTree(always.requests().get(0).body()).get("text").asText())
                    .contains("shop build on dev succeeded");
        }
    }

    @Test
    void aWebhookThatFailsIsAWarningThatNeverShowsItsUrl() throws Exception {
        String unreachable;
        try (LoopbackServer closed = new LoopbackServer(r -> LoopbackServer.Answer.of(200, ""))) {
            unreachable = closed.base();
        }
        try (LoopbackServer broken = new LoopbackServer(r -> LoopbackServer.Answer.of(500, "no"))) {
            TempProject p = withAlerts(Warehouse.shop(dir), """
                    alerts:
                      - webhook: "%s/hooks/%s"
                      - webhook: "%s/hooks/%s"
                    """.formatted(broken.base(), TOKEN, unreachable, TOKEN));
            CliRun run = CliRun.kiln("--project-dir", p.root().toString(), "build");
            // the run's own outcome: the failed test, not the alerts
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
            assertThat(broken.requests()).hasSize(1);
            assertThat(run.err()).contains("warning: Could not deliver the alert at kiln.yml:10:5: the webhook answered HTTP 500")
                    .contains("warning: Could not deliver the alert at kiln.yml:11:5: ConnectException");
            assertThat(run.out() + run.err()).doesNotContain("s3cr3t").doesNotContain(unreachable + "/hooks");
        }
    }

    @Test
    void artifactsAreUploadedToS3UnderTheRunAndLatest() throws Exception {
        try (LoopbackServer s3 = new LoopbackServer(r -> new LoopbackServer.Answer(200, "",
                Map.of("ETag", "\"d41d8cd98f00b204e9800998ecf8427e\"")))) {
            System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
            System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
            System.setProperty("aws.region", "eu-west-1");
            TempProject p = Warehouse.passingShop(dir);
            CliRun run = CliRun.kiln("--project-dir", p.root().toString(), "build",
                    "--artifacts-uri", "s3://kiln-artifacts/shop/prod/", "--artifacts-endpoint", s3.base());
            assertThat(run.exitCode()).as(run.toString()).isZero();
            String invocation = JSON.readTree(p.root().resolve("target/run_results.json").toFile())
                    .get("metadata").get("invocation_id").asText();
            List<String> puts = s3.requests().stream().filter(r -> r.method().equals("PUT")).map(LoopbackServer.Request::path).toList();
            assertThat(puts).containsExactly(
                    "/kiln-artifacts/shop/prod/runs/" + invocation + "/manifest.json",
                    "/kiln-artifacts/shop/prod/latest/manifest.json",
                    "/kiln-artifacts/shop/prod/runs/" + invocation + "/run_results.json",
                    "/kiln-artifacts/shop/prod/latest/run_results.json");
            LoopbackServer.Request results = s3.requests().get(2);
            assertThat(s3Payload(results)).isEqualTo(Files.readAllBytes(p.root().resolve("target/run_results.json")));
            assertThat(s3Payload(s3.requests().get(0))).isEqualTo(Files.readAllBytes(p.root().resolve("target/manifest.json")));
            assertThat(results.headers().get("Authorization").get(0)).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/");
            assertThat(run.out()).contains("Uploaded 2 artifacts to s3://kiln-artifacts/shop/prod/runs/" + invocation + "/");
        }
    }

    /**
     * The object's bytes, as S3 reads them: over plain HTTP the SDK signs each chunk
     * ({@code x-amz-content-sha256: STREAMING-…}, aws-chunked encoding), else the body is the object.
     */
    static byte[] s3Payload(LoopbackServer.Request r) {
        String sha = r.headers().getOrDefault("X-amz-content-sha256", List.of("")).get(0);
        if (!sha.startsWith("STREAMING-")) {
            return r.body();
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] b = r.body();
        int i = 0;
        while (i < b.length) {
            int eol = i;
            while (b[eol] != '\r') {
                eol++;
            }
            String header = new String(b, i, eol - i, java.nio.charset.StandardCharsets.US_ASCII);
            int size = Integer.parseInt(header.split(";")[0], 16);
            if (size == 0) {
                break;
            }
            out.write(b, eol + 2, size);
            i = eol + 2 + size + 2;
        }
        return out.toByteArray();
    }

    @Test
    void anS3ErrorIsAWarningAndABadUriStopsTheRunBeforeItStarts() throws Exception {
        try (LoopbackServer s3 = new LoopbackServer(r -> LoopbackServer.Answer.of(403, """
                <?xml version="1.0" encoding="UTF-8"?>
                <Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>R1</RequestId></Error>
                """))) {
            System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
            System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
            System.setProperty("aws.region", "eu-west-1");
            TempProject p = Warehouse.passingShop(dir);
            CliRun run = CliRun.kiln("--project-dir", p.root().toString(), "build", "-s", "plans",
                    "--artifacts-uri", "s3://kiln-artifacts", "--artifacts-endpoint", s3.base());
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.err()).contains("warning: Could not upload manifest.json to s3://kiln-artifacts/runs/",
                    "Access Denied", "s3:PutObject");

            CliRun bad = CliRun.kiln("--project-dir", p.root().toString(), "build", "--artifacts-uri", "kiln-artifacts/x");
            assertThat(bad.exitCode()).isEqualTo(2);
            assertThat(bad.err()).contains("--artifacts-uri must look like s3://bucket/prefix");
            assertThat(bad.out()).doesNotContain("Running with");
        }
    }
}
