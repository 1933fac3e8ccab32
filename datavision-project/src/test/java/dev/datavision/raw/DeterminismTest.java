package dev.datavision.raw;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterminismTest {

    @TempDir
    Path tmp;

    @Test
    void sameSeedAndScaleGiveByteIdenticalFilesWhateverTheThreadCount() throws Exception {
        Datasets.generate(Datasets.small(tmp.resolve("a"), 400).withThreads(1));
        Datasets.generate(Datasets.small(tmp.resolve("b"), 400).withThreads(3));

        Map<String, String> a = checksums(tmp.resolve("a"));
        Map<String, String> b = checksums(tmp.resolve("b"));
        assertThat(a).hasSizeGreaterThanOrEqualTo(Table.values().length + 2);
        assertThat(a.keySet()).contains("raw/users/part-00000.parquet", "raw/_manifest.json",
                "ground_truth/user_truth/part-00000.parquet");
        assertThat(a).isEqualTo(b);
    }

    @Test
    void anotherSeedGivesOtherData() throws Exception {
        Datasets.generate(Datasets.small(tmp.resolve("a"), 300));
        Datasets.generate(Datasets.small(tmp.resolve("b"), 300).withSeed(7));

        Map<String, String> a = checksums(tmp.resolve("a"));
        Map<String, String> b = checksums(tmp.resolve("b"));
        assertThat(a.get("raw/sessions/part-00000.parquet")).isNotEqualTo(b.get("raw/sessions/part-00000.parquet"));
        assertThat(a.get("raw/plans/part-00000.parquet")).isEqualTo(b.get("raw/plans/part-00000.parquet"));
    }

    @Test
    void smallPartsHoldExactlyTheSameRowsAsOnePart() throws Exception {
        Datasets.generate(Datasets.small(tmp.resolve("one"), 300));
        Datasets.generate(Datasets.small(tmp.resolve("many"), 300).withPartRows(5000));

        try (Stream<Path> parts = Files.list(tmp.resolve("many/raw/content_interactions"))) {
            assertThat(parts.count()).isGreaterThan(3);
        }
        for (String table : new String[] {"sessions", "content_interactions", "contents", "users"}) {
            assertThat(fingerprint(tmp.resolve("many"), table)).as(table).isEqualTo(fingerprint(tmp.resolve("one"), table));
        }
    }

    private static String fingerprint(Path root, String table) throws Exception {
        try (Sql sql = new Sql(root)) {
            return sql.value("SELECT count(*) || ':' || sum(hash(t)) FROM " + table + " t").toString();
        }
    }

    static Map<String, String> checksums(Path root) throws IOException, NoSuchAlgorithmException {
        Map<String, String> sums = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sums.put(root.relativize(file).toString().replace('\\', '/'),
                        HexFormat.of().formatHex(sha.digest(Files.readAllBytes(file))));
            }
        }
        return sums;
    }
}
