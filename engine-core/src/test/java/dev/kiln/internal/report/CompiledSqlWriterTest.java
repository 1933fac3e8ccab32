package dev.kiln.internal.report;

import dev.kiln.CompiledProject;
import dev.kiln.ErrorCode;
import dev.kiln.Kiln;
import dev.kiln.KilnException;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompiledSqlWriterTest {

    @TempDir
    Path dir;

    private TempProject project() {
        return TempProject.create(dir, "shop", "ansi")
                .file("models/sources.yml", """
                        version: 2
                        sources:
                          - name: raw
                            tables:
                              - name: users
                        """)
                .file("models/staging/stg_users.sql", "select * from ${source('raw', 'users')}\n")
                .file("models/marts/dim_users.sql", "select user_id from ${ref('stg_users')}\n")
                .file("models/marts/schema.yml", """
                        version: 2
                        models:
                          - name: dim_users
                            columns:
                              - name: user_id
                                data_tests: [unique]
                        """)
                .file("seeds/plans.csv", "plan\nfree\n")
                .file("tests/assert_no_users.sql", "select * from ${ref('dim_users')} where false\n");
    }

    private static CompiledProject compile(TempProject p) {
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).load()) {
            return kiln.compile();
        }
    }

    private Path compiled() {
        return dir.resolve("target/compiled/shop");
    }

    private List<String> compiledFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("target/compiled"))) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().equals(CompiledSqlWriter.STAMP)).map(f -> NodePaths.slashes(dir.resolve("target/compiled").relativize(f)))
                    .sorted().toList();
        }
    }

    @Test
    void writesEveryNodeAtItsOriginPathAndNothingForSeeds() throws IOException {
        compile(project());
        assertThat(compiledFiles()).containsExactly(
                "shop/models/marts/dim_users.sql",
                "shop/models/marts/schema/unique_dim_users_user_id.sql",
                "shop/models/staging/stg_users.sql",
                "shop/tests/assert_no_users.sql");
        assertThat(Files.readString(compiled().resolve("models/marts/dim_users.sql")))
                .isEqualTo("select user_id from \"main\".\"stg_users\"\n");
        assertThat(Files.readString(compiled().resolve("models/marts/schema/unique_dim_users_user_id.sql")))
                .contains("from \"main\".\"dim_users\"");
    }

    @Test
    void removesFilesOfNodesThatNoLongerExist() throws IOException {
        TempProject p = project();
        compile(p);
        Files.delete(dir.resolve("tests/assert_no_users.sql"));
        Files.delete(dir.resolve("models/marts/schema.yml"));
        p.file("models/marts/dim_users.sql", "select user_id, 1 as n from ${ref('stg_users')}\n");
        compile(p);
        assertThat(compiledFiles()).containsExactly("shop/models/marts/dim_users.sql", "shop/models/staging/stg_users.sql");
        assertThat(Files.readString(compiled().resolve("models/marts/dim_users.sql"))).contains("1 as n");
        try (Stream<Path> left = Files.list(dir.resolve("target/compiled"))) {
            assertThat(left.map(f -> f.getFileName().toString())).containsExactly("shop");
        }
    }

    @Test
    void anUnchangedTreeIsNotRewrittenButAMissingFileIsRestored() throws IOException {
        TempProject p = project();
        compile(p);
        Path dim = compiled().resolve("models/marts/dim_users.sql");
        Path stg = compiled().resolve("models/staging/stg_users.sql");
        FileTime longAgo = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
        Files.setLastModifiedTime(dim, longAgo);
        compile(p);
        assertThat(Files.getLastModifiedTime(dim)).isEqualTo(longAgo);

        Files.delete(stg);
        compile(p);
        assertThat(stg).content().startsWith("select * from ");
        assertThat(Files.getLastModifiedTime(dim)).isNotEqualTo(longAgo);

        Files.setLastModifiedTime(dim, longAgo);
        Files.writeString(compiled().resolve("models/mine.sql"), "select 'not from kiln'");
        compile(p);
        assertThat(compiled().resolve("models/mine.sql")).doesNotExist();
        assertThat(Files.getLastModifiedTime(dim)).isNotEqualTo(longAgo);

        Files.setLastModifiedTime(dim, longAgo);
        p.file("models/staging/stg_users.sql", "select * from ${source('raw', 'users')} where true\n");
        compile(p);
        assertThat(Files.getLastModifiedTime(dim)).as("an unchanged file is left alone").isEqualTo(longAgo);
        assertThat(stg).content().contains("where true");
    }

    @Test
    void aPatchedTreeIsTheTreeWrittenAfresh() throws IOException {
        TempProject p = project();
        compile(p);
        p.file("models/staging/stg_users.sql", "select *, 2 as two from ${source('raw', 'users')}\n");
        p.file("models/marts/new_one.sql", "select two from ${ref('stg_users')}\n");
        Path dim = compiled().resolve("models/marts/dim_users.sql");
        FileTime longAgo = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
        Files.setLastModifiedTime(dim, longAgo);
        compile(p); // patches: stg_users changed, new_one added
        assertThat(Files.getLastModifiedTime(dim)).isEqualTo(longAgo);
        java.util.Map<String, String> patched = tree(compiled());

        Path fresh = dir.resolve("fresh");
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).targetPath(fresh).partialParse(false).load()) {
            kiln.compile();
        }
        assertThat(patched).containsKey("models/marts/new_one.sql").isEqualTo(tree(fresh.resolve("compiled/shop")));

        compile(p); // nothing changed: nothing written
        assertThat(Files.getLastModifiedTime(dim)).isEqualTo(longAgo);
    }

    /** Every file of a compiled tree (the stamp too) by relative path, with its content. */
    private static java.util.Map<String, String> tree(Path root) throws IOException {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(NodePaths.slashes(root.relativize(f)), Files.readString(f));
            }
        }
        return out;
    }

    @Test
    void leftoversOfACrashedRunAreCleanedUp() throws IOException {
        TempProject p = project();
        Files.createDirectories(dir.resolve("target/compiled/.shop.kiln-new/models"));
        Files.writeString(dir.resolve("target/compiled/.shop.kiln-new/models/half.sql"), "sel");
        Files.createDirectories(dir.resolve("target/compiled/.shop.kiln-old"));
        compile(p);
        assertThat(compiledFiles()).allMatch(f -> f.startsWith("shop/")).hasSize(4);
    }

    @Test
    void aFileInTheWayIsAnIoError() throws IOException {
        TempProject p = project();
        Files.createDirectories(dir.resolve("target"));
        Files.writeString(dir.resolve("target/compiled"), "not a folder");
        assertThatThrownBy(() -> compile(p)).isInstanceOfSatisfying(KilnException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.IO);
            assertThat(e.getMessage()).startsWith("Cannot write ").contains("compiled");
        });
    }

    @Test
    void compiledPathsOfYamlDeclaredNodes() {
        assertThat(NodePaths.safeRelative(Path.of("../shared/./models/x.sql"))).isEqualTo("shared/models/x.sql");
        assertThat(NodePaths.relativeTo(Path.of("models/staging/a.sql"), List.of("lib", "models"))).isEqualTo("staging/a.sql");
        assertThat(NodePaths.relativeTo(Path.of("other/a.sql"), List.of("models"))).isEqualTo("other/a.sql");
    }
}
