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

    /** Sets the modification time of every compiled file (not the stamp, not the folders) to {@code time}. */
    private void touchFiles(FileTime time) throws IOException {
        try (Stream<Path> files = Files.walk(compiled())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (!f.getFileName().toString().equals(CompiledSqlWriter.STAMP)) {
                    Files.setLastModifiedTime(f, time);
                }
            }
        }
    }

    /** The tree a compile of {@code p} into a fresh target directory, without partial parsing, writes. */
    private java.util.Map<String, String> freshTree(TempProject p, String target) throws IOException {
        Path fresh = dir.resolve(target);
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).targetPath(fresh).partialParse(false).load()) {
            kiln.compile();
        }
        return tree(fresh.resolve("compiled/shop"));
    }

    @Test
    void anEditInTheSameProcessEncodesAndRewritesOnlyTheChangedFile() throws IOException {
        TempProject p = project();
        compile(p);
        compile(p);
        assertThat(CompiledTreeMemo.counts(compiled())).as("nothing changed: nothing encoded, the stamp known")
                .isEqualTo(new CompiledTreeMemo.Counts(4, 0, false));
        FileTime longAgo = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
        touchFiles(longAgo);
        Path stg = compiled().resolve("models/staging/stg_users.sql");
        Path dim = compiled().resolve("models/marts/dim_users.sql");

        p.file("models/staging/stg_users.sql", "select *, 1 as one from ${source('raw', 'users')}\n");
        compile(p);
        assertThat(CompiledTreeMemo.counts(compiled())).isEqualTo(new CompiledTreeMemo.Counts(4, 1, false));
        assertThat(stg).content().contains("1 as one");
        assertThat(Files.getLastModifiedTime(stg)).isNotEqualTo(longAgo);
        assertThat(Files.getLastModifiedTime(dim)).isEqualTo(longAgo);
        assertThat(tree(compiled())).isEqualTo(freshTree(p, "fresh1"));

        p.file("models/staging/stg_users.sql", "select *, 2 as two from ${source('raw', 'users')}\n");
        compile(p);
        assertThat(stg).content().contains("2 as two").doesNotContain("1 as one");
        p.file("models/staging/stg_users.sql", "select * from ${source('raw', 'users')}\n");
        compile(p); // back to the first text: a hash the memo once had, the file's content still changes
        assertThat(stg).content().startsWith("select * from ").doesNotContain("two");
        assertThat(tree(compiled())).isEqualTo(freshTree(p, "fresh2"));
        assertThat(Files.getLastModifiedTime(dim)).isEqualTo(longAgo);
    }

    @Test
    void theWrittenTreeIsTheOneTreeGives() {
        TempProject p = project();
        CompiledProject compiled = compile(p);
        Path target = dir.resolve("target");
        CompiledSqlWriter.Tree written = new CompiledSqlWriter(target).write(compiled);
        assertThat(written).isEqualTo(new CompiledSqlWriter(target).tree(compiled));
        assertThat(written.folders()).containsExactly("models", "models/marts", "models/marts/schema", "models/staging", "tests");
    }

    @Test
    void aMovedModelIsWrittenAtItsNewPath() throws IOException {
        TempProject p = project();
        compile(p);
        compile(p);
        Files.delete(dir.resolve("models/staging/stg_users.sql"));
        p.file("models/base/stg_users.sql", "select * from ${source('raw', 'users')}\n");
        compile(p);
        assertThat(compiledFiles()).contains("shop/models/base/stg_users.sql").doesNotContain("shop/models/staging/stg_users.sql");
        assertThat(tree(compiled())).isEqualTo(freshTree(p, "fresh"));
    }

    @Test
    void aDeletedFolderIsWrittenAgainThoughTheProcessWroteTheTree() throws IOException {
        TempProject p = project();
        compile(p);
        compile(p);
        java.util.Map<String, String> before = tree(compiled());
        ParallelFiles.deleteTree(compiled().resolve("models/marts"));
        compile(p);
        assertThat(tree(compiled())).isEqualTo(before);

        Files.delete(compiled().resolve(CompiledSqlWriter.STAMP));
        compile(p);
        assertThat(tree(compiled())).isEqualTo(before);
    }

    @Test
    void aStampThisProcessDidNotWriteIsReadAgain() throws IOException {
        TempProject p = project();
        compile(p);
        compile(p); // the memo knows the stamp
        java.util.Map<String, String> mine = tree(compiled());

        // another process compiles another version of the project into this target directory
        p.file("models/marts/dim_users.sql", "select user_id, 'theirs' as v from ${ref('stg_users')}\n");
        freshTree(p, "other");
        p.file("models/marts/dim_users.sql", "select user_id from ${ref('stg_users')}\n");
        ParallelFiles.deleteTree(compiled());
        Files.move(dir.resolve("other/compiled/shop"), compiled());
        assertThat(compiled().resolve("models/marts/dim_users.sql")).content().contains("theirs");

        compile(p); // the memo's slots are what this process compiled before: the stamp on disk is not
        assertThat(CompiledTreeMemo.counts(compiled()).stampRead()).isTrue();
        assertThat(tree(compiled())).isEqualTo(mine);
    }

    @Test
    void aFileAndItsStampLineEditedByHandAreWrittenAgainOnTheNextChange() throws IOException {
        TempProject p = project();
        compile(p);
        compile(p);
        Path dim = compiled().resolve("models/marts/dim_users.sql");
        Path stamp = compiled().resolve(CompiledSqlWriter.STAMP);
        String theirs = "select 'edited by hand'\n";
        Files.writeString(dim, theirs);
        String theirHash = CompiledSqlWriter.hash(theirs.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(stamp));
        lines.replaceAll(l -> l.endsWith("\tmodels/marts/dim_users.sql") ? theirHash + "\tmodels/marts/dim_users.sql" : l);
        Files.write(stamp, lines);

        compile(p); // nothing changed: the digest matches, nothing rewritten (as ever)
        assertThat(dim).content().isEqualTo(theirs);
        p.file("models/staging/stg_users.sql", "select *, 3 as three from ${source('raw', 'users')}\n");
        compile(p); // a change: the stamp on disk is compared line by line
        assertThat(CompiledTreeMemo.counts(compiled()).stampRead()).isTrue();
        assertThat(dim).content().isEqualTo("select user_id from \"main\".\"stg_users\"\n");
        assertThat(tree(compiled())).isEqualTo(freshTree(p, "fresh"));
    }

    @Test
    void anOldFormatStampMismatchesOnceAndTheTreeIsPatched() throws Exception {
        TempProject p = project();
        compile(p);
        Path stamp = compiled().resolve(CompiledSqlWriter.STAMP);
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(stamp));
        // the digest an earlier Kiln wrote: sha256 over every path, length and content, in path order
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        for (String line : lines.subList(1, lines.size())) {
            String path = line.substring(line.indexOf('\t') + 1);
            byte[] content = Files.readAllBytes(compiled().resolve(path));
            sha.update(path.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(Integer.toString(content.length).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            sha.update((byte) 0);
            sha.update(content);
        }
        String oldDigest = java.util.HexFormat.of().formatHex(sha.digest());
        assertThat(oldDigest).isNotEqualTo(lines.get(0));
        lines.set(0, oldDigest);
        Files.write(stamp, lines);
        FileTime longAgo = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
        touchFiles(longAgo);

        compile(p); // the same tree: only the stamp is replaced
        assertThat(Files.readAllLines(stamp).get(0)).isNotEqualTo(oldDigest);
        assertThat(Files.getLastModifiedTime(compiled().resolve("models/marts/dim_users.sql"))).isEqualTo(longAgo);
        assertThat(tree(compiled())).isEqualTo(freshTree(p, "fresh1"));

        lines.set(0, oldDigest); // again, with an edit
        Files.write(stamp, lines);
        p.file("models/staging/stg_users.sql", "select *, 4 as four from ${source('raw', 'users')}\n");
        compile(p);
        assertThat(compiled().resolve("models/staging/stg_users.sql")).content().contains("4 as four");
        assertThat(Files.getLastModifiedTime(compiled().resolve("models/marts/dim_users.sql"))).isEqualTo(longAgo);
        assertThat(tree(compiled())).isEqualTo(freshTree(p, "fresh2"));
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
