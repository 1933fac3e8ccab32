package dev.kiln.internal.analyze;

import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SourceMapTest {

    @TempDir
    Path dir;

    private static String at(Positions positions, CompiledNode node, String needle) {
        int offset = node.compiledSql().indexOf(needle);
        assertThat(offset).as(needle).isNotNegative();
        return positions.at(node, offset).position().toString();
    }

    @Test
    void mapsStaticTextExactlyAndInterpolationsToTheirStart() {
        TempProject p = AnalyzeFixture.project(dir)
                .file("models/a.sql", "select 1 as id\n")
                .file("models/b.sql", "<@config materialized='table'/>\n-- b\nselect id,\n       id + 1 as next\nfrom ${ref('a')} x\n");
        CompiledProject c = AnalyzeFixture.compile(p);
        CompiledNode b = c.node("model.shop.b").orElseThrow();
        Positions positions = new Positions(c);
        assertThat(at(positions, b, "id + 1")).isEqualTo("models/b.sql:4:8");
        assertThat(at(positions, b, "\"main\"")).isEqualTo("models/b.sql:5:6");
        assertThat(at(positions, b, "\"a\"")).isEqualTo("models/b.sql:5:6");
        assertThat(at(positions, b, "x\n")).isEqualTo("models/b.sql:5:18");
    }

    @Test
    void mapsInlinedEphemeralCtesIntoTheEphemeralModel() {
        TempProject p = AnalyzeFixture.project(dir)
                .file("models/eph.sql", "<@config materialized='ephemeral'/>\n\nselect 1 as id,\n  'e' as marker\n")
                .file("models/top.sql", "-- top\nselect id, marker from ${ref('eph')}\n");
        CompiledProject c = AnalyzeFixture.compile(p);
        CompiledNode top = c.node("model.shop.top").orElseThrow();
        Positions positions = new Positions(c);
        Positions.Place place = positions.at(top, top.compiledSql().indexOf("'e'"));
        assertThat(place.position().toString()).isEqualTo("models/eph.sql:4:3");
        assertThat(place.node().name()).isEqualTo("eph");
        assertThat(at(positions, top, "marker from")).isEqualTo("models/top.sql:2:12");
    }

    @Test
    void excerptShowsTheLineWithACaret() {
        String raw = "select\n\ta frm t\n";
        assertThat(Positions.excerpt(raw, new LineIndex(raw), 2, 4)).isEqualTo("  2 | \ta frm t\n    | \t  ^");
    }
}
