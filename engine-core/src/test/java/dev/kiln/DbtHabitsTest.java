package dev.kiln;

import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a dbt user writes first in a Kiln model, and what Kiln tells them. */
class DbtHabitsTest {

    @TempDir
    Path dir;

    private List<Diagnostic> problems(String model) {
        TempProject p = TempProject.create(dir, "shop", "ansi").file("models/orders.sql", model)
                .file("models/stg.sql", "select 1 as id\n");
        var caught = new java.util.ArrayList<Diagnostic>();
        assertThatThrownBy(() -> {
            try (Kiln kiln = Kiln.configure().projectDir(p.root()).load()) {
                kiln.compile();
            }
        }).isInstanceOfSatisfying(KilnException.class, e -> caught.addAll(e.diagnostics()));
        return caught;
    }

    @Test
    void jinjaConfigPointsAtTheBracesAndGivesTheFreeMarkerDirective() {
        List<Diagnostic> d = problems("\n  {{ config(materialized='table') }}\nselect * from {{ ref('stg') }}\n");
        assertThat(d).hasSize(2);
        assertThat(d.get(0).position().toString()).isEqualTo("models/orders.sql:2:3");
        assertThat(d.get(0).code()).isEqualTo("jinja-syntax");
        assertThat(d.get(0).message()).contains("{{ config(materialized='table') }}");
        assertThat(d.get(0).hint()).startsWith("Write <@config materialized=\"table\" /> instead.");
        assertThat(d.get(1).position().toString()).isEqualTo("models/orders.sql:3:15");
        assertThat(d.get(1).hint()).startsWith("Write ${ref('stg')} instead.");
    }

    @Test
    void jinjaStatementsAndCommentsGetTheirDirectives() {
        List<Diagnostic> d = problems("""
                select * from ${ref('stg')}
                {% if is_incremental() %}where id > 1{% endif %}
                {# a note #}
                {%- for c in ['a', 'b'] %}{{ c }}{% if not loop.last %},{% endif %}{% endfor %}
                """);
        assertThat(d).extracting(x -> x.position().line() + ":" + x.position().column() + " " + x.hint().split(" instead")[0])
                .containsExactly("2:1 Write <#if is_incremental()>", "2:38 Write </#if>", "3:1 Write <#-- a note -->",
                        "4:1 Write <#list ['a', 'b'] as c>", "4:27 Write ${c}",
                        "4:34 Write <#if !(your_loop_variable?is_last)>", "4:57 Write </#if>", "4:68 Write </#list>");
        assertThat(d).allSatisfy(x -> assertThat(x.hint()).contains("kiln import-dbt"));
    }

    @Test
    void isIncrementalWithoutParenthesesSaysWhatToWrite() {
        List<Diagnostic> d = problems("""
                <@config materialized="incremental" unique_key="id" />
                select 1 as id -- is_incremental in a comment is fine
                <#if is_incremental>
                where id > (select max(id) from ${this})
                </#if>
                """);
        assertThat(d).hasSize(1);
        assertThat(d.get(0).position().toString()).isEqualTo("models/orders.sql:3:6");
        assertThat(d.get(0).message()).contains("is_incremental is a function").doesNotContain("Lambda").doesNotContain("wrapper");
        assertThat(d.get(0).hint()).isEqualTo("Write is_incremental(), as in <#if is_incremental()>.");
    }

    @Test
    void commasInConfigSayWhatToWriteNotWhichTokensWereExpected() {
        List<Diagnostic> d = problems("<@config materialized='incremental', unique_key='order_id' />\nselect 1 as order_id\n");
        assertThat(d).hasSize(1);
        assertThat(d.get(0).position().toString()).isEqualTo("models/orders.sql:1:36");
        assertThat(d.get(0).message()).isEqualTo("<@config> settings are separated by spaces, not commas.");
        assertThat(d.get(0).hint()).isEqualTo("Write <@config materialized='incremental' unique_key='order_id' />.");
    }

    @Test
    void jinjaInAMacroFileIsReportedAtTheMacroFile() {
        TempProject p = TempProject.create(dir, "shop", "ansi")
                .file("macros/money.ftl", "{% macro cents(col) %}({{ col }} / 100){% endmacro %}\n")
                .file("models/a.sql", "select 1 as id\n");
        assertThatThrownBy(() -> {
            try (Kiln kiln = Kiln.configure().projectDir(p.root()).load()) {
                kiln.compile();
            }
        }).isInstanceOfSatisfying(KilnException.class, e -> {
            assertThat(e.diagnostics().get(0).position().toString()).endsWith("money.ftl:1:1");
            assertThat(e.diagnostics().get(0).hint()).contains("kiln import-dbt");
        });
    }

    @Test
    void plainKilnModelsAndSqlBracesAreLeftAlone() {
        TempProject p = TempProject.create(dir, "shop", "ansi")
                .file("models/stg.sql", "select '{' as a, '}' as b, 1 as is_incremental -- {{ not jinja in a comment }}\n")
                .file("models/orders.sql", """
                        <@config materialized="table" tags=["a", "b"] />
                        <#-- {{ commented out }} -->
                        select * from ${ref('stg')}
                        """);
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).load()) {
            assertThat(kiln.compile().node("model.shop.orders").orElseThrow().config().tags()).containsExactly("a", "b");
        }
    }
}
