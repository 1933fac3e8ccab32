package dev.kiln.internal.link;

import dev.kiln.CompiledProject;
import dev.kiln.ErrorCode;
import dev.kiln.Kiln;
import dev.kiln.KilnException;
import dev.kiln.Relation;
import dev.kiln.Selection;
import dev.kiln.internal.state.PreviousManifest;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which refs {@code --defer} resolves to the state's relations, on a project compiled for a
 * {@code prod} target (schema {@code prod}) and then for {@code ci} (schema {@code ci}).
 */
class DeferrerTest {

    @TempDir
    Path dir;
    private PreviousManifest prod;

    @BeforeEach
    void compileProduction() {
        TempProject.create(dir, "shop", "ansi")
                .file("kiln.yml", """
                        name: shop
                        targets:
                          prod: {type: ansi, schema: prod}
                          ci: {type: ansi, schema: ci}
                        """)
                .file("seeds/countries.csv", "code\nNL\n")
                .file("models/stg_users.sql", "select 1 as user_id, 'NL' as country\n")
                .file("models/users_nl.sql", "<@config materialized='ephemeral' />select * from ${ref('stg_users')} u "
                        + "join ${ref('countries')} c on c.code = u.country\n")
                .file("models/dim_users.sql", "select * from ${ref('users_nl')}\n")
                .file("models/audit.sql", "<@config materialized='incremental' />select * from ${ref('stg_users')} "
                        + "where user_id > (select max(user_id) from ${this})\n")
                .file("models/schema.yml", """
                        version: 2
                        models:
                          - name: dim_users
                            columns:
                              - name: user_id
                                data_tests:
                                  - relationships: {to: ref('audit'), field: user_id}
                        """);
        try (Kiln kiln = Kiln.configure().projectDir(dir).target("prod").targetPath(Path.of("prod-state")).load()) {
            kiln.compile();
        }
        prod = PreviousManifest.read(dir.resolve("prod-state"));
    }

    private CompiledProject ci() {
        try (Kiln kiln = Kiln.configure().projectDir(dir).target("ci").load()) {
            return kiln.compile();
        }
    }

    @Test
    void unselectedParentsAreReadFromTheStateThroughEphemeralModelsAndTests() {
        CompiledProject ci = ci();
        Set<String> selected = Set.of("model.shop.dim_users", "test.shop.relationships_dim_users_user_id__ref_audit___user_id");
        assertThat(ci.node("test.shop.relationships_dim_users_user_id__ref_audit___user_id")).isPresent();
        Deferrer.Outcome out = new Deferrer(prod, false, "ci").defer(ci, selected, r -> false);
        assertThat(out.relations()).containsOnlyKeys("model.shop.stg_users", "seed.shop.countries", "model.shop.audit");
        assertThat(out.relations().get("model.shop.stg_users")).isEqualTo(Relation.of("prod", "stg_users"));
        assertThat(out.warnings()).isEmpty();

        CompiledProject deferred = relink(out);
        String dim = deferred.node("model.shop.dim_users").orElseThrow().compiledSql();
        assertThat(dim).contains("from \"prod\".\"stg_users\" u join \"prod\".\"countries\" c")
                .contains("select * from __kiln_cte__users_nl");
        assertThat(deferred.node("test.shop.relationships_dim_users_user_id__ref_audit___user_id").orElseThrow().compiledSql())
                .contains("\"prod\".\"audit\"").contains("\"ci\".\"dim_users\"");
        // an unselected node keeps its own relation for ${this}, and its own place
        assertThat(deferred.node("model.shop.audit").orElseThrow().compiledSql())
                .contains("from \"prod\".\"stg_users\"").contains("from \"ci\".\"audit\"");
        assertThat(deferred.node("model.shop.audit").orElseThrow().relation()).isEqualTo(Relation.of("ci", "audit"));
    }

    @Test
    void whatTheTargetHasIsReadThereUnlessStateIsFavored() {
        CompiledProject ci = ci();
        Set<String> selected = Set.of("model.shop.dim_users");
        var inCi = new Deferrer(prod, false, "ci").defer(ci, selected, r -> r.identifier().equals("stg_users"));
        assertThat(inCi.relations()).containsOnlyKeys("seed.shop.countries");
        var favored = new Deferrer(prod, true, "ci").defer(ci, selected, r -> true);
        assertThat(favored.relations()).containsOnlyKeys("model.shop.stg_users", "seed.shop.countries");
        assertThat(new Deferrer(prod, false, "ci").defer(ci, Set.of("model.shop.stg_users"), r -> false).relations())
                .isEmpty(); // it reads nothing
    }

    @Test
    void everyNodeTheStateCannotProvideIsReportedTogether() throws Exception {
        Files.writeString(dir.resolve("prod-state/manifest.json"), """
                {"nodes": {"model.shop.stg_users": {"name": "stg_users", "schema": "prod", "relation_name": "x",
                           "resource_type": "model"},
                           "seed.shop.countries": {"name": "countries", "schema": "prod", "relation_name": null}}}
                """);
        PreviousManifest partial = PreviousManifest.read(dir.resolve("prod-state"));
        CompiledProject ci = ci();
        Set<String> selected = Set.of("model.shop.dim_users", "test.shop.relationships_dim_users_user_id__ref_audit___user_id");
        String manifest = dir.resolve("prod-state/manifest.json").toString();
        assertThatThrownBy(() -> new Deferrer(partial, false, "ci").defer(ci, selected, r -> false))
                .isInstanceOfSatisfying(KilnException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
                    assertThat(e.getMessage()).isEqualTo("--defer: 2 nodes cannot be read from the --state run ("
                            + manifest + ").");
                    assertThat(e.diagnostics()).extracting(d -> d.message()).containsExactlyInAnyOrder(
                            "dim_users reads seed 'countries', which is not selected, is not built in target 'ci', and "
                                    + manifest + " records no relation for seed 'countries' (not materialized in that run).",
                            "relationships_dim_users_user_id__ref_audit___user_id reads model 'audit', which is not "
                                    + "selected, is not built in target 'ci', and " + manifest + " has no model 'audit'.");
                    assertThat(e.diagnostics()).allMatch(d -> d.isError());
                });
        // with --favor-state, a node the state lacks is read in this target when it is built there
        var favored = new Deferrer(partial, true, "ci").defer(ci, selected, r -> true);
        assertThat(favored.relations()).containsOnlyKeys("model.shop.stg_users");
        assertThatThrownBy(() -> new Deferrer(partial, true, "ci").defer(ci, selected, r -> false))
                .isInstanceOfSatisfying(KilnException.class, e -> assertThat(e.diagnostics()).hasSize(2));
        // no alias in the manifest: the name is the identifier
        var offline = new Deferrer(partial, false, "ci").defer(ci, selected, null);
        assertThat(offline.relations()).containsExactly(java.util.Map.entry("model.shop.stg_users", Relation.of("prod", "stg_users")));
        assertThat(offline.warnings()).hasSize(2).allMatch(w -> !w.isError());
    }

    @Test
    void compileWithoutDeferOrWithoutASelectionDefersNothing() {
        try (Kiln kiln = Kiln.configure().projectDir(dir).target("ci").state(dir.resolve("prod-state")).load()) {
            assertThat(kiln.compile(Selection.parse("dim_users")).deferredRelations()).isEmpty();
        }
        try (Kiln kiln = Kiln.configure().projectDir(dir).target("ci").state(dir.resolve("prod-state")).defer(true).load()) {
            assertThat(kiln.compile(Selection.ALL).deferredRelations()).isEmpty();
            // dim_users brings its relationships test, which reads audit
            assertThat(kiln.compile(Selection.parse("dim_users")).deferredRelations())
                    .containsOnlyKeys("model.shop.stg_users", "seed.shop.countries", "model.shop.audit");
        }
    }

    private CompiledProject relink(Deferrer.Outcome out) {
        try (Kiln kiln = Kiln.configure().projectDir(dir).target("ci").state(dir.resolve("prod-state")).defer(true).load()) {
            List<String> all = List.of("model.shop.dim_users", "test.shop.relationships_dim_users_user_id__ref_audit___user_id");
            CompiledProject c = kiln.compile(Selection.parse("dim_users"));
            assertThat(c.deferredRelations()).containsOnlyKeys("model.shop.stg_users", "seed.shop.countries",
                    "model.shop.audit");
            assertThat(c.deferredRelations()).isEqualTo(out.relations());
            assertThat(all).allMatch(id -> c.node(id).isPresent());
            return c;
        }
    }
}
