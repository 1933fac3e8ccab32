package dev.kiln.internal.render;

import dev.kiln.Diagnostic;
import dev.kiln.Project;
import dev.kiln.spi.Dialect;
import dev.kiln.internal.load.ProjectLoader;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast path must render exactly what FreeMarker renders. */
class FastTemplateTest {

    @TempDir
    Path dir;

    private record Both(RenderedNode fast, RenderedNode freemarker, List<Diagnostic> fastProblems,
                        List<Diagnostic> fmProblems) {
    }

    private Both renderBoth(String template) {
        TempProject.create(dir, "p", "ansi")
                .file("kiln.yml", "name: p\nvars: {n: 1000, s: text, d: 1.5, b: true}\ntargets: {dev: {type: ansi}}\n")
                .file("models/src.yml", "version: 2\nsources: [{name: raw, tables: [{name: users}]}]\n")
                .file("models/up.sql", "select 1 as id\n")
                .file("models/m.sql", template);
        Project project = new ProjectLoader(Map.<String, String>of()::get).load(dir);
        RenderContext ctx = new RenderContext(project, project.config().targets().get("dev"), Dialect.ANSI,
                project.config().vars(), Map.<String, String>of()::get, r -> false, false);
        TemplateEngine engine = new TemplateEngine(project, Dialect.ANSI);
        var node = project.nodes().get("model.p.m");
        List<Diagnostic> a = new ArrayList<>();
        List<Diagnostic> b = new ArrayList<>();
        return new Both(new Renderer(ctx, engine, true).render(node, a), new Renderer(ctx, engine, false).render(node, b), a, b);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "select * from ${ref('up')}\n",
            "<@config tags=[\"t1\"] />\nselect a.id from ${ref('up')} a\nleft join ${ref(\"up\")} b on a.id = b.id\n",
            "  <@config materialized='table' schema=\"x\" />  \nselect ${var('n')}, '${var('s')}' from ${source('raw', 'users')}\n",
            "<@config materialized='table'/>select 1\n",
            "select 1 <@config materialized='table' /> as x\n",
            "<@config enabled=false bucket_count=8 tags=[] unique_key=['a', 'b'] />\n\nselect * from ${this}\n",
            "select ${ var('s') } from ${ ref( 'up' ) }",
            "<@config materialized=\"incremental\" />\r\nselect 1\r\n",
            "select '${var('d')}' as d, ${var('b')?c} as b\n",
            "select 1\n<@config tags=['late']/>\n",
            "<#-- comment -->\nselect 1\n",
    })
    void rendersLikeFreeMarker(String template) {
        Both both = renderBoth(template);
        assertThat(both.fmProblems()).isEmpty();
        assertThat(both.fastProblems()).isEmpty();
        assertThat(both.fast().sql()).isEqualTo(both.freemarker().sql());
        assertThat(both.fast().node().config()).isEqualTo(both.freemarker().node().config());
        assertThat(both.fast().dependsOn()).isEqualTo(both.freemarker().dependsOn());
        assertThat(both.fast().sources()).isEqualTo(both.freemarker().sources());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "select *\nfrom ${ref('nope')}\n",
            "select 1\n  <@config materialised='table'/>\n",
            "select ${var('missing')}\n",
            "select * from ${source('raw', 'nope')}\n",
    })
    void reportsProblemsWhereFreeMarkerDoes(String template) {
        Both both = renderBoth(template);
        assertThat(both.fast()).isNull();
        assertThat(both.freemarker()).isNull();
        assertThat(both.fastProblems()).hasSize(1);
        Diagnostic fast = both.fastProblems().get(0);
        Diagnostic fm = both.fmProblems().get(0);
        assertThat(fast.position()).isEqualTo(fm.position());
        assertThat(fast.message()).isEqualTo(fm.message());
        assertThat(fast.hint()).isEqualTo(fm.hint());
    }

    @Test
    void templatesBeyondTheSubsetAreLeftToFreeMarker() {
        assertThat(FastTemplate.parse("<#if true>x</#if>")).isNull();
        assertThat(FastTemplate.parse("${ref('a')?upper_case}")).isNull();
        assertThat(FastTemplate.parse("${is_incremental()}")).isNull();
        assertThat(FastTemplate.parse("<@my_macro/>")).isNull();
        assertThat(FastTemplate.parse("select 1")).isNotNull();
    }
}
