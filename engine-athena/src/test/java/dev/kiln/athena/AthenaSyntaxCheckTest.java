package dev.kiln.athena;

import dev.kiln.AnalysisStatus;
import dev.kiln.Diagnostic;
import dev.kiln.ErrorCode;
import dev.kiln.Kiln;
import dev.kiln.KilnException;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An Athena project is checked with Trino's parser (the checker itself: engine-trino-sql's TrinoParserCheckTest). */
class AthenaSyntaxCheckTest {

    @TempDir
    Path dir;

    @Test
    void anAthenaProjectWithASyntaxErrorDoesNotCompile() {
        TempProject p = TempProject.create(dir, "shop", "athena")
                .file("kiln.yml", """
                        name: shop
                        targets:
                          prod: {type: athena, region: eu-west-1, s3_staging_dir: 's3://b/r/', schema: shop}
                        """)
                .file("models/base.sql", "select 1 as id, current_timestamp at time zone 'UTC' as ts\n")
                .file("models/broken.sql", "select id\nfrom ${ref('base')}\nwhere id >\n");
        assertThatThrownBy(() -> {
            try (Kiln kiln = Kiln.configure().projectDir(p.root()).load()) {
                kiln.compile();
            }
        }).isInstanceOfSatisfying(KilnException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PROJECT_INVALID);
            assertThat(e.diagnostics()).filteredOn(Diagnostic::isError).singleElement()
                    .satisfies(d -> assertThat(d.format()).startsWith("models/broken.sql:4:1: error: SQL syntax error"));
        });
        p.file("models/broken.sql", "select id\nfrom ${ref('base')}\nwhere id > 0\n");
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).load()) {
            kiln.compile();
            // Calcite cannot parse AT TIME ZONE: unknown, not an error, since Trino's parser accepts it
            assertThat(kiln.analysis().model("model.shop.base").orElseThrow().status()).isEqualTo(AnalysisStatus.UNKNOWN);
            assertThat(kiln.analysis().model("model.shop.broken").orElseThrow().status()).isEqualTo(AnalysisStatus.PARSED);
        }
    }
}
