package dev.datavision.raw;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScaleTest {

    @TempDir
    Path tmp;

    @Test
    void rowCountsGrowWithTheNumberOfUsers() throws Exception {
        GenerationSummary small = Datasets.generate(Datasets.small(tmp.resolve("small"), 300));
        GenerationSummary large = Datasets.generate(Datasets.small(tmp.resolve("large"), 1200));

        try (Sql s = new Sql(tmp.resolve("small")); Sql l = new Sql(tmp.resolve("large"))) {
            assertThat(s.count("SELECT count(DISTINCT user_id) FROM users")).isEqualTo(300);
            assertThat(l.count("SELECT count(DISTINCT user_id) FROM users")).isEqualTo(1200);
            assertThat(l.count("SELECT count(*) FROM user_truth")).isEqualTo(1200);
        }
        for (String table : new String[] {"sessions", "content_interactions", "contents", "subscriptions", "payments"}) {
            double ratio = (double) large.rawRows().get(table) / small.rawRows().get(table);
            assertThat(ratio).as(table).isBetween(2.5, 6.0);
        }
        assertThat(large.rawRows().get("plans")).isEqualTo(3);
        assertThat(large.rawRows().get("campaigns")).isEqualTo(small.rawRows().get("campaigns"));
    }

    @Test
    void summaryMatchesTheFilesAndTheManifest() throws Exception {
        GenerationSummary summary = Datasets.generate(Datasets.small(tmp, 250));
        assertThat(summary.rawRows().keySet()).containsExactly("plans", "users", "subscriptions", "plan_changes",
                "payments", "contents", "sessions", "content_interactions", "campaigns", "campaign_events");
        assertThat(summary.truthRows().keySet()).containsExactly("user_truth", "content_truth");
        try (Sql sql = new Sql(tmp)) {
            for (var e : summary.rawRows().entrySet()) {
                assertThat(sql.count("SELECT count(*) FROM " + e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
        String manifest = java.nio.file.Files.readString(tmp.resolve("raw/_manifest.json"));
        assertThat(manifest).contains("\"scale\": 250", "\"seed\": 42", "\"as_of\": \"2026-11-01\"",
                "\"sessions\": " + summary.rawRows().get("sessions"));
    }
}
