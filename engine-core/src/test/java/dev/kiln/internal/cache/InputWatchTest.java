package dev.kiln.internal.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listing a watch keeps ({@link InputWatch}) against a walk of the same inputs, through the changes a
 * project sees: every listing after the second comes from the watch and must equal the walk's.
 */
class InputWatchTest {

    private static final List<String> INPUTS = List.of("models", "macros", "snapshots", "kiln.yml");

    @TempDir
    Path dir;

    @Test
    void aWatchedListingEqualsAWalkThroughEdits() throws Exception {
        Path root = project();
        Path target = root.resolve("target");
        listTwice(root, target);
        long served = InputWatch.served();

        Files.writeString(root.resolve("models/a.sql"), "select 1 as id, 2 as more"); // edited, longer
        assertSame(root, target);
        Files.createDirectories(root.resolve("models/staging/deep"));
        Files.writeString(root.resolve("models/staging/deep/b.sql"), "select 2"); // a new folder and file
        assertSame(root, target);
        Files.delete(root.resolve("macros/m.sql"));
        assertSame(root, target);
        Files.move(root.resolve("models/staging"), root.resolve("models/marts")); // a folder renamed
        assertSame(root, target);
        Files.writeString(root.resolve("models/marts/deep/c.sql"), "select 3"); // inside the renamed folder
        assertSame(root, target);
        Files.writeString(root.resolve("models/.hidden.sql"), "x");
        Files.createDirectories(root.resolve("models/node_modules"));
        Files.writeString(root.resolve("models/node_modules/n.sql"), "x");
        Files.createDirectories(root.resolve("models/.git"));
        Files.writeString(root.resolve("models/.git/g.sql"), "x");
        assertSame(root, target);
        Files.createDirectories(root.resolve("snapshots")); // an input that was missing appears
        Files.writeString(root.resolve("snapshots/s.yml"), "snapshots: []");
        assertSame(root, target);
        Files.writeString(root.resolve("kiln.yml"), "name: shop\nprofile: x\n"); // a root file
        Files.writeString(root.resolve("README.md"), "not an input");
        assertSame(root, target);
        deleteTree(root.resolve("models/marts"));
        assertSame(root, target);
        assertThat(InputFiles.list(root, target, INPUTS, System.currentTimeMillis()).paths())
                .containsExactly("kiln.yml", "models/a.sql", "snapshots/s.yml");
        assertThat(InputWatch.served() - served).as("listings the watch made (none walked instead)").isEqualTo(10);
    }

    @Test
    void aChangeJustBeforeTheListingIsInIt() throws Exception {
        Path root = project();
        Path target = root.resolve("target");
        listTwice(root, target);
        long served = InputWatch.served();
        for (int i = 0; i < 40; i++) { // no pause between the write and the listing
            String sql = "select " + "1,".repeat(i) + "1";
            Files.writeString(root.resolve("models/a.sql"), sql);
            InputFiles.Listing l = InputFiles.list(root, target, INPUTS, System.currentTimeMillis());
            assertThat(l.sizes()[l.paths().indexOf("models/a.sql")]).isEqualTo(sql.length());
        }
        assertThat(InputWatch.served() - served).isEqualTo(40);
    }

    @Test
    void inputsWithASymbolicLinkAreWalked() throws Exception {
        Path root = project();
        Path target = root.resolve("target");
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("linked.sql"), "select 9");
        Files.createSymbolicLink(root.resolve("models/linked.sql"), elsewhere.resolve("linked.sql"));
        listTwice(root, target);
        long served = InputWatch.served();
        Files.writeString(elsewhere.resolve("linked.sql"), "select 99"); // no notice in the project's folders
        assertSame(root, target);
        Files.writeString(elsewhere.resolve("linked.sql"), "select 999");
        assertSame(root, target);
        assertThat(InputWatch.served()).isEqualTo(served);
    }

    private Path project() throws IOException {
        Path root = Files.createDirectories(dir.resolve("p"));
        Files.createDirectories(root.resolve("models"));
        Files.createDirectories(root.resolve("macros"));
        Files.createDirectories(root.resolve("target"));
        Files.writeString(root.resolve("kiln.yml"), "name: shop\n");
        Files.writeString(root.resolve("models/a.sql"), "select 1 as id");
        Files.writeString(root.resolve("macros/m.sql"), "{% macro m() %}1{% endmacro %}");
        return root.toRealPath();
    }

    private static void listTwice(Path root, Path target) throws IOException {
        InputFiles.list(root, target, INPUTS, System.currentTimeMillis()); // the first listing walks
        InputFiles.list(root, target, INPUTS, System.currentTimeMillis()); // the second starts the watch
    }

    /** The watched (or walked) listing is the walk's: the same files, sizes and times. */
    private static void assertSame(Path root, Path target) throws IOException {
        assertThat(files(InputFiles.list(root, target, INPUTS, System.currentTimeMillis())))
                .isEqualTo(files(InputFiles.walkList(root, target, INPUTS, System.currentTimeMillis())));
    }

    private static Map<String, List<Long>> files(InputFiles.Listing l) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (int i = 0; i < l.paths().size(); i++) {
            out.put(l.paths().get(i), List.of(l.sizes()[i], l.modified()[i]));
            assertThat(l.files().get(i)).isEqualTo(l.root().resolve(l.paths().get(i)));
        }
        return out;
    }

    private static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
