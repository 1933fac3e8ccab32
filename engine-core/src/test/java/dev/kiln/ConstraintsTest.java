package dev.kiln;

import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** dbt {@code constraints:} on models and columns are kept with the node; mistakes are reported at their line. */
class ConstraintsTest {

    @TempDir
    Path dir;

    private TempProject project(String yaml) {
        return TempProject.create(dir, "shop", "ansi").file("models/orders.sql", "select 1 as id, 2 as customer_id\n")
                .file("models/schema.yml", yaml);
    }

    @Test
    void modelAndColumnConstraintsAreKeptInDeclarationOrder() {
        TempProject p = project("""
                version: 2
                models:
                  - name: orders
                    constraints:
                      - {type: primary_key, columns: [id], name: orders_pk}
                      - {type: check, expression: "id > 0", warn_unenforced: false}
                    columns:
                      - name: customer_id
                        constraints:
                          - type: foreign_key
                            expression: "customers (id)"
                          - {type: not_null}
                """);
        try (Kiln kiln = Kiln.configure().projectDir(p.root()).load()) {
            List<Constraint> c = kiln.project().refable("orders").orElseThrow().docs().constraints();
            assertThat(c).extracting(Constraint::type, Constraint::columns, Constraint::expression, Constraint::name)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("primary_key", List.of("id"), null, "orders_pk"),
                            org.assertj.core.groups.Tuple.tuple("check", List.of(), "id > 0", null),
                            org.assertj.core.groups.Tuple.tuple("foreign_key", List.of("customer_id"), "customers (id)", null),
                            org.assertj.core.groups.Tuple.tuple("not_null", List.of("customer_id"), null, null));
            assertThat(c).extracting(Constraint::identifiesRows).containsExactly(true, false, false, false);
            assertThat(c.get(2).position().toString()).isEqualTo("models/schema.yml:10:13");
        }
    }

    @Test
    void anUnknownTypeAndAModelKeyWithoutColumnsAreErrorsAtTheirLine() {
        TempProject p = project("""
                version: 2
                models:
                  - name: orders
                    constraints:
                      - {type: primary_key}
                    columns:
                      - name: id
                        constraints: [{type: primary-key}, {type: unique, colums: [x]}]
                """);
        assertThatThrownBy(() -> Kiln.configure().projectDir(p.root()).load().close())
                .isInstanceOfSatisfying(KilnException.class, e -> assertThat(e.diagnostics()).extracting(Diagnostic::format)
                        .anyMatch(d -> d.contains("schema.yml:5:9") && d.contains("A model-level 'primary_key' constraint needs 'columns'"))
                        .anyMatch(d -> d.contains("schema.yml:8:30") && d.contains("Constraint type 'primary-key' is not one of")
                                && d.contains("primary_key"))
                        .anyMatch(d -> d.contains("schema.yml:8:") && d.contains("Unknown key 'colums'")));
    }
}
