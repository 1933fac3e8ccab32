package dev.kiln.athena;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading and checking an athena target's settings. */
class AthenaSettingsTest {

    @Test
    void defaults() {
        Map<String, Object> s = new HashMap<>();
        s.put("work_group", null);
        s.put("execution", null);
        s.put("s3_data_dir", null);
        AthenaSettings a = Targets.settings(s);
        assertThat(a.workGroup()).isEqualTo("primary");
        assertThat(a.catalog()).isEqualTo("AwsDataCatalog");
        assertThat(a.defaultCatalog()).isTrue();
        assertThat(a.dataDir()).hasToString("s3://results/athena/tables/");
        assertThat(a.naming()).isEqualTo(DataNaming.SCHEMA_TABLE_UNIQUE);
        assertThat(a.pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(a.numRetries()).isEqualTo(5);
        assertThat(a.threads()).isEqualTo(1);
        assertThat(a.profile()).isNull();
        assertThat(a.execution()).isEqualTo(ExecutionPath.AUTO);
    }

    @Test
    void everySetting() {
        AthenaSettings a = Targets.settings(Map.of("s3_data_dir", "s3://lake/data", "s3_data_naming", "table_unique",
                "database", "lakehouse", "threads", 8, "poll_interval", "2.5s", "num_retries", 0,
                "aws_profile_name", "prod-reader", "execution", "JDBC"));
        assertThat(a.dataDir()).isEqualTo(new S3Uri("lake", "data/"));
        assertThat(a.naming()).isEqualTo(DataNaming.TABLE_UNIQUE);
        assertThat(a.catalog()).isEqualTo("lakehouse");
        assertThat(a.defaultCatalog()).isFalse();
        assertThat(a.threads()).isEqualTo(8);
        assertThat(a.pollInterval()).isEqualTo(Duration.ofMillis(2500));
        assertThat(a.numRetries()).isZero();
        assertThat(a.profile()).isEqualTo("prod-reader");
        assertThat(a.execution()).isEqualTo(ExecutionPath.JDBC);
    }

    private static void fails(Map<String, Object> overrides, String... fragments) {
        assertThatThrownBy(() -> Targets.settings(overrides)).isInstanceOfSatisfying(KilnException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.ADAPTER_UNAVAILABLE);
            assertThat(e.getMessage()).startsWith("kiln.yml:12:5: target 'prod' ").contains(fragments);
        });
    }

    @Test
    void unknownSettingsAreRefusedWithTheListOfKnownOnes() {
        fails(Map.of("aws_secret_access_key", "x"), "unknown setting 'aws_secret_access_key'", "region, work_group",
                "default provider chain");
    }

    @Test
    void missingOrBadSettingsSayWhatToWrite() {
        Map<String, Object> noRegion = new HashMap<>();
        noRegion.put("region", null);
        fails(noRegion, "has no 'region'", "region: eu-west-1");
        Map<String, Object> noSchema = new HashMap<>();
        noSchema.put("schema", null);
        fails(noSchema, "has no 'schema'");
        Map<String, Object> noDirs = new HashMap<>();
        noDirs.put("s3_data_dir", null);
        noDirs.put("s3_staging_dir", null);
        fails(noDirs, "needs s3_data_dir");
        fails(Map.of("s3_data_dir", "/tmp/lake"), "not an S3 location", "s3://bucket/prefix/");
        fails(Map.of("s3_data_naming", "uuid"), "s3_data_naming 'uuid'", "schema_table_unique");
        fails(Map.of("threads", 0), "threads 0");
        fails(Map.of("num_retries", "many"), "not a whole number");
        fails(Map.of("poll_interval", "-1"), "poll_interval");
        fails(Map.of("execution", "odbc"), "execution 'odbc'", "auto, api or jdbc");
    }

    @Test
    void dataNamingSchemes() {
        S3Uri dir = S3Uri.parse("s3://lake/data/");
        java.util.UUID u = new java.util.UUID(0, 1);
        assertThat(DataNaming.UNIQUE.location(dir, "s", "t", u)).hasToString("s3://lake/data/" + u + "/");
        assertThat(DataNaming.TABLE.location(dir, "s", "t", u)).hasToString("s3://lake/data/t/");
        assertThat(DataNaming.TABLE_UNIQUE.location(dir, "s", "t", u)).hasToString("s3://lake/data/t/" + u + "/");
        assertThat(DataNaming.SCHEMA_TABLE.location(dir, "s", "t", u)).hasToString("s3://lake/data/s/t/");
        assertThat(DataNaming.SCHEMA_TABLE_UNIQUE.location(dir, "s", "t", u)).hasToString("s3://lake/data/s/t/" + u + "/");
        assertThat(DataNaming.SCHEMA_TABLE.unique()).isFalse();
    }

    @Test
    void s3Locations() {
        assertThat(S3Uri.parse("s3a://b/k")).isEqualTo(new S3Uri("b", "k"));
        assertThat(S3Uri.parse("s3://b/k").asFolder()).hasToString("s3://b/k/");
        assertThat(S3Uri.parse("s3://b/a/").contains(S3Uri.parse("s3://b/a/b/c"))).isTrue();
        assertThat(S3Uri.parse("s3://b/a/").contains(S3Uri.parse("s3://b/ab/"))).isFalse();
        assertThat(S3Uri.parse("s3://b/a/").contains(S3Uri.parse("s3://c/a/"))).isFalse();
        assertThatThrownBy(() -> S3Uri.parse("https://b/k")).isInstanceOf(IllegalArgumentException.class);
    }
}
