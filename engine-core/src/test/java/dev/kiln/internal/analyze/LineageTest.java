package dev.kiln.internal.analyze;

import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineageTest {

    @TempDir
    Path dir;

    private TempProject shop() {
        return AnalyzeFixture.project(dir)
                .file("models/sources.yml", """
                        version: 2
                        sources:
                          - name: raw
                            schema: raw
                            tables:
                              - name: users
                                columns:
                                  - name: id
                                  - name: email
                                  - name: plan
                                  - name: created_at
                              - name: events
                        """)
                .file("models/staging/stg_users.sql", """
                        select id as user_id, email, lower(plan) as plan, created_at
                        from ${source('raw', 'users')}
                        """);
    }

    private static ColumnRef col(String id, String column) {
        return new ColumnRef(id, column);
    }

    private static List<String> from(ModelAnalysis m, String column) {
        return m.columns().stream().filter(c -> c.name().equals(column)).findFirst().orElseThrow()
                .from().stream().map(d -> d.from() + ":" + d.transform()).toList();
    }

    @Test
    void directAndTransformedColumns() {
        AnalysisReport r = AnalyzeFixture.analyze(shop(), AnalyzeFixture.options());
        ModelAnalysis stg = r.model("model.shop.stg_users").orElseThrow();
        assertThat(r.diagnostics()).isEmpty();
        assertThat(stg.status()).isEqualTo(AnalysisStatus.PARSED);
        assertThat(stg.columnNames()).containsExactly("user_id", "email", "plan", "created_at");
        assertThat(from(stg, "user_id")).containsExactly("source.shop.raw.users.id:direct");
        assertThat(from(stg, "plan")).containsExactly("source.shop.raw.users.plan:transformed");
        assertThat(stg.tablesRead()).extracting(TableRead::uniqueId).containsExactly("source.shop.raw.users");
    }
}
