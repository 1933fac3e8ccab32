package dev.datavision.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputTest {

    @TempDir
    Path tmp;

    /** Aborts the run when a given table is finished, as an interruption would. */
    private static GenerationListener failingAt(String table) {
        return new GenerationListener() {
            @Override
            public void tableFinished(String name, long rows) {
                if (name.equals(table)) {
                    throw new IllegalStateException("simulated failure after " + name);
                }
            }
        };
    }

    @Test
    void aFailedRunLeavesThePreviousDatasetUntouchedAndNoStagingBehind() throws Exception {
        Datasets.generate(Datasets.small(tmp, 150));
        Map<String, String> before = DeterminismTest.checksums(tmp);

        GeneratorConfig bigger = Datasets.small(tmp, 300);
        assertThatThrownBy(() -> new RawDataGenerator(bigger, failingAt("sessions")).generate())
                .hasMessageContaining("simulated failure");

        assertThat(DeterminismTest.checksums(tmp)).isEqualTo(before);
        assertThat(entries(tmp)).containsExactlyInAnyOrder("raw", "ground_truth");
    }

    @Test
    void aFailedFirstRunLeavesNothing() throws Exception {
        GeneratorConfig config = Datasets.small(tmp, 100);
        assertThatThrownBy(() -> new RawDataGenerator(config, failingAt("content_interactions")).generate())
                .isInstanceOf(IllegalStateException.class);
        assertThat(entries(tmp)).isEmpty();
    }

    @Test
    void aSuccessfulRunReplacesThePreviousDataset() throws Exception {
        Datasets.generate(Datasets.small(tmp, 120));
        Datasets.generate(Datasets.small(tmp, 180).withPartRows(2000));
        try (Sql sql = new Sql(tmp)) {
            assertThat(sql.count("SELECT count(DISTINCT user_id) FROM users")).isEqualTo(180);
        }
        assertThat(entries(tmp)).containsExactlyInAnyOrder("raw", "ground_truth");
        assertThat(Files.readString(tmp.resolve("raw/_manifest.json"))).contains("\"scale\": 180");
        if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(tmp.resolve("raw")))
                    .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ,
                            java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
        }
    }

    @Test
    void refusesToReplaceADirectoryItDidNotWrite() throws Exception {
        Path precious = Files.createDirectories(tmp.resolve("raw")).resolve("precious.txt");
        Files.writeString(precious, "keep me");
        assertThatThrownBy(() -> Datasets.generate(Datasets.small(tmp, 50)))
                .isInstanceOf(IOException.class).hasMessageContaining("refusing to replace");
        assertThat(Files.readString(precious)).isEqualTo("keep me");
        assertThat(entries(tmp)).containsExactly("raw");
    }

    @Test
    void failsCleanlyWhenTheOutputIsAFile() throws Exception {
        Files.writeString(tmp.resolve("raw"), "not a directory");
        assertThatThrownBy(() -> Datasets.generate(Datasets.small(tmp, 50)))
                .isInstanceOf(IOException.class).hasMessageContaining("not a directory");
        assertThat(entries(tmp)).containsExactly("raw");
    }

    @Test
    void failsCleanlyWhenTheParentCannotBeCreated() throws Exception {
        Files.writeString(tmp.resolve("blocker"), "a file where a directory should be");
        GeneratorConfig config = GeneratorConfig.of(tmp.resolve("blocker/data/raw")).withScale(50);
        assertThatThrownBy(() -> Datasets.generate(config)).isInstanceOf(IOException.class);
        assertThat(entries(tmp)).containsExactly("blocker");
    }

    private static List<String> entries(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
