package dev.kiln.athena;

import dev.kiln.KilnException;
import dev.kiln.Relation;
import dev.kiln.spi.LoadSink;
import dev.kiln.spi.LoadTarget;
import dev.kiln.spi.LoadType;
import dev.kiln.spi.StageWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Loads whose Parquet file is larger than the upload part size go to S3 in parts, through the
 * real SDK client against {@link AwsLake}'s S3, which checks the calls as S3 does (the upload id
 * and key of each part, part numbers 1-10,000, the ETag of every part listed at completion, parts
 * in ascending order, every part but the last at least the minimum size).
 */
class S3MultipartUploadTest {

    private static final String DATA = "s3://lake/data/raw/events/data/1000.aaaa.parquet";
    private static final long PART = 4096;

    private final AwsLake lake = new AwsLake();
    private final AthenaAdapter adapter = AthenaAdapter.open(Targets.settings().withUploadPartSize(PART), lake.aws.setup());
    private final AthenaSession session = (AthenaSession) adapter.openSession();

    @TempDir
    Path tmp;

    S3MultipartUploadTest() {
        lake.minPartSize = PART;
    }

    @AfterEach
    void close() {
        session.close();
        adapter.close();
        lake.engine.close();
    }

    /** Appends {@code rows} rows of incompressible text (about 40 bytes each in Parquet). */
    private void load(int rows) {
        try (LoadSink sink = adapter.loadSink(session, new LoadTarget(Relation.of("raw", "events"), null, "app.events",
                "append", List.of(), "1000.aaaa")).orElseThrow()) {
            StageWriter w = sink.stage("");
            w.addColumn("id", LoadType.BIGINT);
            w.addColumn("payload", LoadType.VARCHAR);
            Random random = new Random(7);
            for (int i = 0; i < rows; i++) {
                w.append(new Object[]{(long) i, Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong())});
            }
            sink.commit("s1");
        }
    }

    private long rowsIn(String uri) throws Exception {
        Path f = tmp.resolve("check.parquet");
        Files.write(f, lake.objects.get(uri));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*), count(distinct id) from read_parquet('" + f + "')")) {
            rs.next();
            assertThat(rs.getLong(2)).isEqualTo(rs.getLong(1));
            return rs.getLong(1);
        }
    }

    @Test
    void aFileLargerThanThePartSizeIsUploadedInPartsAndReadsBackWhole() throws Exception {
        load(2000);

        List<RecordedAws.Call> parts = lake.aws.calls("s3:UploadPart");
        assertThat(parts).hasSizeGreaterThanOrEqualTo(3);
        assertThat(parts).allMatch(c -> c.uri().contains("/data/raw/events/data/1000.aaaa.parquet?"));
        assertThat(parts.subList(0, parts.size() - 1)).allMatch(c -> c.bytes().length == PART);
        assertThat(parts.get(parts.size() - 1).bytes().length).isBetween(1, (int) PART);
        assertThat(lake.aws.calls("s3:CreateMultipartUpload")).hasSize(1);
        assertThat(lake.aws.calls("s3:CompleteMultipartUpload")).hasSize(1);
        assertThat(lake.aws.calls("s3:PutObject")).noneMatch(c -> c.uri().contains("/data/1000.aaaa.parquet"));
        assertThat(lake.uploads).isEmpty();
        assertThat((long) lake.objects.get(DATA).length).isEqualTo((parts.size() - 1) * PART
                + parts.get(parts.size() - 1).bytes().length);
        assertThat(rowsIn(DATA)).isEqualTo(2000);
        // the manifest (small) is one PutObject
        assertThat(lake.aws.calls("s3:PutObject")).anyMatch(c -> c.uri().contains("_kiln_manifest"));
    }

    @Test
    void aPartThatFailsAbortsTheUploadAndTheLoadCommitsNothing() {
        lake.failWhen(c -> c.operation().equals("s3:UploadPart") && c.uri().contains("partNumber=2"), 403, "AccessDenied");

        assertThatThrownBy(() -> load(2000)).isInstanceOf(KilnException.class)
                .hasMessageContaining("UploadPart " + DATA + " (part 2 of");
        assertThat(lake.aws.calls("s3:AbortMultipartUpload")).hasSize(1);
        assertThat(lake.uploads).isEmpty();
        assertThat(lake.objects).doesNotContainKey(DATA);
        assertThat(lake.table("raw", "events")).isNull();
    }

    @Test
    void aThrottledPartIsSentAgainFromItsSliceOfTheFile() throws Exception {
        lake.failWhen(c -> c.operation().equals("s3:UploadPart") && c.uri().contains("partNumber=2"), 503, "SlowDown");

        load(2000);
        assertThat(lake.aws.calls("s3:UploadPart").stream().filter(c -> c.uri().contains("partNumber=2"))).hasSize(2);
        assertThat(lake.aws.calls("s3:AbortMultipartUpload")).isEmpty();
        assertThat(rowsIn(DATA)).isEqualTo(2000);
    }

    @Test
    void aFileNoLargerThanOnePartIsOnePutObject() throws Exception {
        load(10);
        assertThat(lake.aws.calls("s3:CreateMultipartUpload")).isEmpty();
        assertThat(rowsIn(DATA)).isEqualTo(10);
    }

    @Test
    void aFileSliceStreamsExactlyItsBytes() throws Exception {
        Path f = tmp.resolve("f.bin");
        byte[] all = new byte[10_000];
        new Random(1).nextBytes(all);
        Files.write(f, all);
        try (InputStream in = FileSlice.open(f, 4096, 4096)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(all, 4096, 8192));
        }
        try (InputStream in = FileSlice.open(f, 8192, 1808)) {
            assertThat(in.read()).isEqualTo(all[8192] & 0xff);
            assertThat(in.readAllBytes()).hasSize(1807);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void thePartSizeIsASettingWithinS3sLimits() {
        assertThat(Targets.settings().uploadPartSize()).isEqualTo(64L << 20);
        assertThat(Targets.settings(Map.of("s3_upload_part_size", "16MB")).uploadPartSize()).isEqualTo(16L << 20);
        assertThat(Targets.settings(Map.of("s3_upload_part_size", "1 GiB")).uploadPartSize()).isEqualTo(1L << 30);
        assertThat(Targets.settings(Map.of("s3_upload_part_size", 8388608)).uploadPartSize()).isEqualTo(8L << 20);
        assertThatThrownBy(() -> Targets.settings(Map.of("s3_upload_part_size", "1MB"))).isInstanceOf(KilnException.class)
                .hasMessage("kiln.yml:12:5: target 'prod' has s3_upload_part_size '1MB'. Write a size between 5MB and 5GB"
                        + " (S3's limits for the parts of an upload), e.g. s3_upload_part_size: 64MB.");
        assertThatThrownBy(() -> Targets.settings(Map.of("s3_upload_part_size", "lots"))).isInstanceOf(KilnException.class)
                .hasMessageContaining("s3_upload_part_size 'lots'");
    }
}
