package dev.kiln.athena;

import dev.kiln.KilnException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The S3 side of a session, against recorded S3 responses. */
class S3ObjectStoreTest {

    private final RecordedAws aws = new RecordedAws();
    private final AthenaAdapter adapter = AthenaAdapter.open(Targets.settings(), aws.setup());
    private final AthenaSession session = (AthenaSession) adapter.openSession();

    @AfterEach
    void close() {
        session.close();
        adapter.close();
    }

    private static String listing(boolean truncated, String next, String... keys) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>lake</Name>"
                + "<IsTruncated>" + truncated + "</IsTruncated>");
        if (next != null) {
            sb.append("<NextContinuationToken>").append(next).append("</NextContinuationToken>");
        }
        for (String k : keys) {
            sb.append("<Contents><Key>").append(k).append("</Key><Size>1</Size></Contents>");
        }
        return sb.append("</ListBucketResult>").toString();
    }

    private static final String DELETED = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<DeleteResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"></DeleteResult>";

    @Test
    void deletePrefixListsEveryPageAndDeletesWhatItFinds() {
        aws.on("s3:ListObjectsV2", listing(true, "c2", "data/t/1/a.parquet", "data/t/1/b.parquet"))
                .on("s3:ListObjectsV2", listing(false, null, "data/t/1/dt=1/c.parquet"))
                .on("s3:DeleteObjects", DELETED);
        long n = session.store().deletePrefix(S3Uri.parse("s3://lake/data/t/1"));

        assertThat(n).isEqualTo(3);
        List<RecordedAws.Call> lists = aws.calls("s3:ListObjectsV2");
        assertThat(lists.get(0).uri()).contains("lake").contains("prefix=data%2Ft%2F1%2F");
        assertThat(lists.get(1).uri()).contains("continuation-token=c2");
        List<RecordedAws.Call> deletes = aws.calls("s3:DeleteObjects");
        assertThat(deletes).hasSize(2);
        assertThat(deletes.get(0).body()).contains("<Key>data/t/1/a.parquet</Key>").contains("<Key>data/t/1/b.parquet</Key>")
                .contains("<Quiet>true</Quiet>");
        assertThat(deletes.get(1).body()).contains("<Key>data/t/1/dt=1/c.parquet</Key>");
    }

    @Test
    void anEmptyFolderNeedsNoDelete() {
        aws.on("s3:ListObjectsV2", listing(false, null));
        assertThat(session.store().deletePrefix(S3Uri.parse("s3://lake/data/empty/"))).isZero();
        assertThat(aws.operations()).containsExactly("s3:ListObjectsV2");
    }

    @Test
    void aBucketIsNeverDeletedWhole() {
        assertThatThrownBy(() -> session.store().deletePrefix(S3Uri.parse("s3://lake/")))
                .isInstanceOf(KilnException.class).hasMessageContaining("whole bucket");
        assertThat(aws.calls()).isEmpty();
    }

    @Test
    void putWritesTheObject() {
        aws.on("s3:PutObject", "");
        session.store().put(S3Uri.parse("s3://lake/data/raw/plans__kiln_csv/1/plans.csv"), "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
        RecordedAws.Call put = aws.calls("s3:PutObject").get(0);
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.uri()).contains("lake").endsWith("data/raw/plans__kiln_csv/1/plans.csv");
        assertThat(put.body()).isEqualTo("a,b\n1,2\n");
    }

    @Test
    void slowDownIsRetried() {
        aws.on("s3:ListObjectsV2", 503, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
                        + "<Message>Please reduce your request rate.</Message></Error>")
                .on("s3:ListObjectsV2", listing(false, null));
        session.store().deletePrefix(S3Uri.parse("s3://lake/data/x/"));
        assertThat(aws.calls("s3:ListObjectsV2")).hasSize(2);
    }
}
