package dev.kiln.internal.link;

import dev.kiln.CompiledProject;
import dev.kiln.Kiln;
import dev.kiln.KilnBuilder;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code CompiledProject.parents/children} ({@link Dag}'s lists, built once per graph and kept
 * with it by the {@link Relinker} between edits): after each relink they are those of a full
 * compile of the same files, in the same order, and cannot be changed.
 */
class RelinkGraphListsTest {

    @TempDir
    Path dir;

    private TempProject p;

    @BeforeEach
    void project() {
        p = TempProject.views(dir, "lists");
        p.file("models/a.sql", "select 1 as id\n");
        p.file("models/b.sql", "select 2 as id\n");
        p.file("models/c.sql", "select id from ${ref('a')}\n");
        p.file("models/d.sql", "select id from ${ref('c')}\n");
        p.file("models/schema.yml", """
                version: 2
                sources:
                  - name: raw
                    tables: [{name: events}]
                """);
    }

    @Test
    void parentsAndChildrenAfterEachRelinkAreThoseOfAFullCompile() throws IOException {
        LinkMemo.forget();
        CompiledProject first = compile(true);
        assertThat(first.parents("model.lists.c")).containsExactly("model.lists.a");
        assertThat(first.children("model.lists.a")).containsExactly("model.lists.c");
        assertSameAsFull(first);

        long relinked = LinkMemo.relinked();
        p.file("models/c.sql", "select a.id from ${ref('a')} a join ${ref('b')} b using (id)"
                + " join ${source('raw', 'events')} e using (id)\n"); // new edges: the graph is built again
        CompiledProject second = compile(true);
        assertThat(LinkMemo.relinked()).as("linked again from the last link").isEqualTo(relinked + 1);
        assertThat(second.parents("model.lists.c")).containsExactlyInAnyOrder("model.lists.a", "model.lists.b", "source.lists.raw.events");
        assertThat(second.children("model.lists.b")).containsExactly("model.lists.c");
        assertThat(second.children("source.lists.raw.events")).containsExactly("model.lists.c");
        assertSameAsFull(second);

        p.file("models/c.sql", "select a.id, 1 as one from ${ref('a')} a join ${ref('b')} b using (id)"
                + " join ${source('raw', 'events')} e using (id)\n"); // same edges: the graph is kept
        CompiledProject third = compile(true);
        assertThat(LinkMemo.relinked()).isEqualTo(relinked + 2);
        assertThat(third.parents("model.lists.c")).isEqualTo(second.parents("model.lists.c"));
        assertSameAsFull(third);

        p.file("models/c.sql", "select id from ${ref('b')}\n"); // edges dropped
        CompiledProject fourth = compile(true);
        assertThat(fourth.parents("model.lists.c")).containsExactly("model.lists.b");
        assertThat(fourth.children("model.lists.a")).isEmpty();
        assertThat(fourth.children("source.lists.raw.events")).isEmpty();
        assertSameAsFull(fourth);
    }

    @Test
    void theListsCannotBeChangedAndUnknownIdsHaveNone() {
        CompiledProject c = compile(true);
        List<String> parents = c.parents("model.lists.d");
        assertThatThrownBy(() -> parents.add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.children("model.lists.a").clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(c.parents("model.lists.d")).containsExactly("model.lists.c");
        assertThat(c.parents("model.lists.nope")).isEmpty();
        assertThat(c.children("model.lists.nope")).isEmpty();
    }

    /** Every id's parents and children equal a full compile's (no partial parsing, no memo). */
    private void assertSameAsFull(CompiledProject relinked) {
        LinkMemo.forget();
        CompiledProject full = compile(false);
        assertThat(relinked.graphOrder()).isEqualTo(full.graphOrder());
        for (String id : full.graphOrder()) {
            assertThat(relinked.parents(id)).as("parents of %s", id).isEqualTo(full.parents(id));
            assertThat(relinked.children(id)).as("children of %s", id).isEqualTo(full.children(id));
        }
        LinkMemo.forget();
        compile(true); // the memo holds this state again, as before the comparison
    }

    private CompiledProject compile(boolean partial) {
        KilnBuilder b = Kiln.configure().projectDir(dir).env(k -> null).partialParse(partial);
        try (Kiln kiln = b.load()) {
            return kiln.compile();
        }
    }
}
