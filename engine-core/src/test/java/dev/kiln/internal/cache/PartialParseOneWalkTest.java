package dev.kiln.internal.cache;

import dev.kiln.CompiledProject;
import dev.kiln.Kiln;
import dev.kiln.KilnBuilder;
import dev.kiln.ResourceCounts;
import dev.kiln.ResourceType;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a request reuses in a long-lived process: the up-to-date check's walk of the input files,
 * handed to partial parsing ({@link InputFiles#offer}/{@link InputFiles#take}), and the up-to-date
 * record remembered by {@link UpToDate}. Each reuse would show here if it gave a stale value.
 */
class PartialParseOneWalkTest {

    @TempDir
    Path dir;

    private TempProject p;

    @BeforeEach
    void project() throws IOException {
        p = TempProject.views(dir, "onewalk");
        p.file("models/m1.sql", "select 1 as id\n");
        p.file("models/m2.sql", "select id from ${ref('m1')}\n");
        agePastRacyWindow();
    }

    @Test
    void aFileEditedBetweenTheCheckAndTheCompileIsFingerprintedByTheNextCompile() throws IOException {
        compile();
        p.file("models/m2.sql", "select id, 2 as two from ${ref('m1')}\n");
        assertThat(builder().upToDateCompile()).as("m2 edited").isEmpty(); // hands its walk over

        p.file("models/m1.sql", "select 11 as id, 'late' as edited_after_the_check\n");
        CompiledProject c = compile();
        assertThat(sql(c, "model.onewalk.m2")).contains("2 as two");
        // this compile took the check's walk: m1 as it was then, as if edited during the compile
        assertThat(sql(c, "model.onewalk.m1")).doesNotContain("late");

        assertThat(builder().upToDateCompile()).as("m1's edit is seen: no stale fingerprint recorded").isEmpty();
        CompiledProject next = compile();
        assertThat(sql(next, "model.onewalk.m1")).contains("'late' as edited_after_the_check");
        assertThat(builder().upToDateCompile()).isPresent();
    }

    @Test
    void aFileEditedAfterAWalkTooOldToHandOverIsSeenAtOnce() throws IOException, InterruptedException {
        compile();
        p.file("models/m2.sql", "select id, 2 as two from ${ref('m1')}\n");
        assertThat(builder().upToDateCompile()).isEmpty();
        p.file("models/m1.sql", "select 11 as id, 'late' as edited_after_the_check\n");
        Thread.sleep(InputFiles.HANDOFF_MILLIS + 100);

        CompiledProject c = compile(); // walks again
        assertThat(sql(c, "model.onewalk.m1")).contains("'late' as edited_after_the_check");
        assertThat(sql(c, "model.onewalk.m2")).contains("2 as two");
    }

    @Test
    void aWalkIsHandedOnceToTheSameThreadForTheSameInputsOnly() throws Exception {
        Path root = dir.toAbsolutePath().normalize();
        Path target = root.resolve("target");
        List<String> inputs = List.of("models", "kiln.yml");
        InputFiles.Listing l = InputFiles.list(root, target, inputs, System.currentTimeMillis());
        assertThat(l.paths()).containsExactlyInAnyOrder("models/m1.sql", "models/m2.sql", "kiln.yml");

        InputFiles.offer(l);
        AtomicReference<InputFiles.Listing> other = new AtomicReference<>(l);
        Thread t = new Thread(() -> other.set(InputFiles.take(root, target, inputs)));
        t.start();
        t.join();
        assertThat(other.get()).as("another thread's request").isNull();
        assertThat(InputFiles.take(root, target, inputs)).isSameAs(l);
        assertThat(InputFiles.take(root, target, inputs)).as("taken once").isNull();

        InputFiles.offer(l);
        assertThat(InputFiles.take(root, target, List.of("models"))).as("other inputs").isNull();
        assertThat(InputFiles.take(root, target, inputs)).as("dropped by the mismatched take").isNull();

        Map<String, InputFiles.Entry> fresh = InputFiles.scan(root, target, inputs, Map.of(), 0);
        assertThat(InputFiles.scan(l, Map.of(), 0)).isEqualTo(fresh);
    }

    @Test
    void aWalkListsEachFileOnceAndLeavesHiddenOnesOut() throws Exception {
        p.file("models/sub/m3.sql", "select 3 as id\n");
        p.file("models/.draft.sql", "select 0 as id\n");
        p.file("models/.git/config", "x\n");
        Path root = dir.toAbsolutePath().normalize();
        InputFiles.Listing l = InputFiles.list(root, root.resolve("target"), List.of("models", "models/sub", "kiln.yml"), 0);
        assertThat(l.paths()).containsExactlyInAnyOrder("models/m1.sql", "models/m2.sql", "models/sub/m3.sql", "kiln.yml");
        for (int i = 0; i < l.paths().size(); i++) {
            Path f = root.resolve(l.paths().get(i));
            assertThat(l.files().get(i)).isEqualTo(f);
            assertThat(l.sizes()[i]).isEqualTo(Files.size(f));
            assertThat(l.modified()[i]).isEqualTo(Files.getLastModifiedTime(f).toMillis());
        }
    }

    @Test
    void aRecordChangedOnDiskByAnotherProcessIsReadAgain() throws IOException, InterruptedException {
        compile();
        assertThat(builder().upToDateCompile()).isPresent(); // remembered
        Path head = dir.resolve("target/" + UpToDate.FILE);
        byte[] original = Files.readAllBytes(head);
        FileTime time = Files.getLastModifiedTime(head);

        byte[] damaged = original.clone();
        int at = new String(damaged, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("kiln-partial-parse-head");
        assertThat(at).isPositive();
        damaged[at] = 'K';
        // in place, same size, the time put back: only the change time (and content) tell; a change
        // time is taken from a clock that ticks every few milliseconds, so let one tick pass
        Thread.sleep(20);
        Files.write(head, damaged, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        Files.setLastModifiedTime(head, time);
        assertThat(Files.size(head)).isEqualTo(original.length);
        assertThat(builder().upToDateCompile()).as("the damaged record, read again").isEmpty();

        Thread.sleep(20);
        Files.write(head, original, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        Files.setLastModifiedTime(head, time);
        assertThat(builder().upToDateCompile()).as("the original record, read again").isPresent();

        Path moved = dir.resolve("target/other-process.head");
        Files.write(moved, damaged);
        Files.setLastModifiedTime(moved, time);
        Files.move(moved, head, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        assertThat(builder().upToDateCompile()).as("a record renamed over it").isEmpty();
    }

    @Test
    void countsAreTakenOncePerCompiledProjectAndFollowEdits() throws IOException {
        CompiledProject first = compile();
        assertThat(ResourceCounts.of(first)).isSameAs(ResourceCounts.of(first));
        assertThat(first.nodeCounts()).isEqualTo(Map.of(ResourceType.MODEL, 2));
        assertThat(ResourceCounts.of(first).statLine()).isEqualTo("2 models");

        p.file("models/m3.sql", "select 3 as id\n");
        CompiledProject second = compile();
        assertThat(second.nodeCounts()).isEqualTo(Map.of(ResourceType.MODEL, 3));
        assertThat(ResourceCounts.of(second).statLine()).isEqualTo("3 models");
        assertThat(builder().upToDateCompile().orElseThrow().found().statLine()).isEqualTo("3 models");
    }

    private static String sql(CompiledProject c, String id) {
        return c.node(id).orElseThrow().compiledSql();
    }

    private KilnBuilder builder() {
        return Kiln.configure().projectDir(dir).env(k -> null);
    }

    /** The check, then the compile, on this thread: as the compiler daemon serves a request. */
    private CompiledProject compile() {
        try (Kiln kiln = builder().load()) {
            return kiln.compile();
        }
    }

    /** The project's files dated a minute back, so that the fingerprint trusts their size and time. */
    private void agePastRacyWindow() throws IOException {
        FileTime past = FileTime.fromMillis(System.currentTimeMillis() - 60_000);
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(f, past);
            }
        }
    }
}
