package dev.kiln.internal.select;

import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.Selection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every selection method, graph operator and set operation, against {@link ShopProject}. */
class SelectorTest {

    static final String NN_SRC = "not_null_source_raw_users_id";
    static final String UNIQUE = "unique_stg_users_user_id";
    static final String NN = "not_null_stg_users_user_id";
    static final String REL = "relationships_stg_orders_user_id__ref_stg_users___user_id";
    static final String AV = "accepted_values_dim_users_plan__free__premium";
    static final String SINGULAR = "assert_revenue_positive";
    static final List<String> STG_USERS_TESTS = List.of(UNIQUE, NN, REL);

    @TempDir
    static Path dir;
    static CompiledProject project;

    @BeforeAll
    static void compile() {
        project = ShopProject.compile(ShopProject.write(dir));
    }

    static List<String> select(String... specs) {
        return ShopProject.names(project, null, Selection.parse(specs));
    }

    static List<String> select(Selection selection) {
        return ShopProject.names(project, null, selection);
    }

    static String[] with(List<String> more, String... names) {
        List<String> all = new java.util.ArrayList<>(List.of(names));
        all.addAll(more);
        return all.toArray(String[]::new);
    }

    @Nested
    class NamesAndFqn {

        @Test
        void aBareNameSelectsTheNodeAndTheTestsThatReadIt() {
            assertThat(select("stg_users")).containsExactlyInAnyOrder(with(STG_USERS_TESTS, "stg_users"));
            assertThat(select("orphan")).containsExactly("orphan");
        }

        @Test
        void aFolderNameSelectsEverythingUnderIt() {
            assertThat(select("staging")).containsExactlyInAnyOrder(with(STG_USERS_TESTS, "stg_users", "stg_orders"));
            assertThat(select("marts")).containsExactlyInAnyOrder("dim_users", "fct_orders", "revenue", AV, SINGULAR);
        }

        @Test
        void dottedPartsArePrefixesOfTheFqnWithOrWithoutTheProject() {
            assertThat(select("marts.finance")).containsExactlyInAnyOrder("revenue", SINGULAR);
            assertThat(select("shop.marts.finance.revenue")).containsExactlyInAnyOrder("revenue", SINGULAR);
            assertThat(select("fqn:staging.stg_orders")).containsExactlyInAnyOrder("stg_orders", REL);
            assertThat(select("fqn:marts.stg_orders")).isEmpty();
        }

        @Test
        void theProjectNameSelectsEverything() {
            assertThat(select("shop")).hasSize(project.nodes().size());
            assertThat(select("fqn:*")).hasSize(project.nodes().size());
        }

        @Test
        void wildcardsMatchNamesAnywhereAndFqnsFromTheFirstWildcardOn() {
            assertThat(select("stg_*")).containsExactlyInAnyOrder(with(STG_USERS_TESTS, "stg_users", "stg_orders"));
            assertThat(select("*_users")).containsExactlyInAnyOrder(with(STG_USERS_TESTS, "stg_users", "dim_users", AV));
            assertThat(select("stg_user?")).containsExactlyInAnyOrder(with(STG_USERS_TESTS, "stg_users"));
            assertThat(select("[do]*")).containsExactlyInAnyOrder("dim_users", "orphan", AV);
            assertThat(select("marts.*")).containsExactlyInAnyOrder("dim_users", "fct_orders", "revenue", AV, SINGULAR);
            assertThat(select("shop.*.finance.*")).containsExactlyInAnyOrder("revenue", SINGULAR);
        }
    }

    @Nested
    class PathsAndFiles {

        @ParameterizedTest
        @ValueSource(strings = {"path:models/staging", "models/staging", "./models/staging/", "path:models/staging/",
                "path:models/*/stg_*.sql", "path:models/staging/*"})
        void aFolderSelectsTheNodesDefinedUnderIt(String spec) {
            assertThat(select(spec)).containsExactlyInAnyOrder(with(STG_USERS_TESTS, "stg_users", "stg_orders"));
        }

        @Test
        void anAbsolutePathInsideTheProjectWorks() {
            assertThat(select("path:" + dir.resolve("models/marts/finance").toAbsolutePath()))
                    .containsExactlyInAnyOrder("revenue", SINGULAR);
        }

        @Test
        void aFileSelectsItsNodes() {
            assertThat(select("models/marts/finance/revenue.sql")).containsExactlyInAnyOrder("revenue", SINGULAR);
            assertThat(select("path:tests")).containsExactly(SINGULAR);
            assertThat(select("path:models/marts/schema.yml")).containsExactly(AV);
            assertThat(select("path:snapshots")).containsExactly("users_history");
            assertThat(select("path:models/stag")).isEmpty();
        }

        @Test
        void aSourcesFileSelectsItsSourcesAndWithPlusWhatReadsThem() {
            assertThat(select("path:models/sources.yml")).containsExactly(NN_SRC);
            assertThat(select("path:models/sources.yml+1"))
                    .containsExactlyInAnyOrder(with(STG_USERS_TESTS, NN_SRC, "stg_users", "stg_orders"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"file:stg_users.sql", "file:stg_users", "stg_users.sql", "file:stg_u*.sql"})
        void theFileMethodMatchesTheFileNameWithOrWithoutExtension(String spec) {
            assertThat(select(spec)).containsExactlyInAnyOrder(with(STG_USERS_TESTS, "stg_users"));
        }

        @Test
        void aCsvNameSelectsTheSeedAndAYamlNameTheTestsItDeclares() {
            assertThat(select("countries.csv")).containsExactly("countries");
            assertThat(select("file:schema.yml")).containsExactlyInAnyOrder(UNIQUE, NN, REL, AV);
        }
    }

    @Nested
    class Tags {

        @Test
        void tagsFromTemplatesAndFolderConfigBothCount() {
            assertThat(select("tag:daily")).containsExactlyInAnyOrder(with(STG_USERS_TESTS, "stg_users", "stg_orders"));
            assertThat(select("tag:staging")).containsExactlyInAnyOrder(with(STG_USERS_TESTS, "stg_users", "stg_orders"));
            assertThat(select("tag:finance")).containsExactlyInAnyOrder("stg_orders", "revenue", REL, SINGULAR);
        }

        @Test
        void tagsMayBeGlobs() {
            assertThat(select("tag:fin*")).containsExactlyInAnyOrder("stg_orders", "revenue", REL, SINGULAR);
            assertThat(select("tag:nightly")).isEmpty();
        }
    }

    @Nested
    class Config {

        @Test
        void materializedHasItsDefaultPerResourceType() {
            assertThat(select("config.materialized:table"))
                    .containsExactlyInAnyOrder("dim_users", "fct_orders", "revenue", AV, SINGULAR);
            // REL also reads stg_orders (incremental) but one selected parent is enough (eager)
            assertThat(select("config.materialized:view")).containsExactlyInAnyOrder(with(STG_USERS_TESTS, "orphan", "stg_users"));
            assertThat(select("config.materialized:incremental")).containsExactlyInAnyOrder("stg_orders", REL);
            assertThat(select("config.materialized:seed")).containsExactly("countries");
            assertThat(select("config.materialized:snapshot")).containsExactly("users_history");
        }

        @Test
        void listsMatchWhenTheyContainTheValue() {
            assertThat(select("config.unique_key:user_id")).containsExactlyInAnyOrder("stg_orders", "users_history", REL);
            assertThat(select("config.tags:daily")).containsExactlyInAnyOrder(with(STG_USERS_TESTS, "stg_users", "stg_orders"));
        }

        @Test
        void nestedKeysBooleansAndNumbers() {
            assertThat(select("config.meta.owner:alice")).containsExactlyInAnyOrder("stg_orders", REL);
            assertThat(select("config.meta.pii:TRUE")).containsExactlyInAnyOrder("stg_orders", REL);
            assertThat(select("config.meta.pii:false")).isEmpty();
            assertThat(select("config.bucket_count:4")).containsExactly("fct_orders");
            assertThat(select("config.bucket_count:4.0")).containsExactly("fct_orders");
            assertThat(select("config.meta:alice")).isEmpty();
        }

        @Test
        void severityIgnoresCaseAndDefaultsToError() {
            assertThat(select("config.severity:WARN")).containsExactly(AV);
            assertThat(select("config.severity:error")).containsExactlyInAnyOrder(NN_SRC, UNIQUE, NN, REL, SINGULAR);
        }

        @Test
        void valuesMayHoldPlusSigns() {
            assertThat(select("config.incremental_strategy:delete+insert")).isEmpty();
        }
    }

    @Nested
    class Sources {

        @Test
        void aSourceAloneSelectsOnlyTheTestsDeclaredOnIt() {
            assertThat(select("source:raw.users")).containsExactly(NN_SRC);
            assertThat(select("source:raw.orders")).isEmpty();
        }

        @Test
        void withPlusItSelectsWhatReadsIt() {
            assertThat(select("source:raw.users+")).containsExactlyInAnyOrder(with(STG_USERS_TESTS, NN_SRC, "stg_users",
                    "dim_users", "users_history", "fct_orders", "revenue", AV, SINGULAR));
            assertThat(select("source:raw+1")).containsExactlyInAnyOrder(with(STG_USERS_TESTS, NN_SRC, "stg_users", "stg_orders"));
            assertThat(select("source:shop.raw.orders+1")).containsExactlyInAnyOrder("stg_orders", REL);
            assertThat(select("source:raw.u*+1")).containsExactlyInAnyOrder(with(STG_USERS_TESTS, NN_SRC, "stg_users"));
            assertThat(select("source:other.raw.orders+")).isEmpty();
            assertThat(select("source:raw.events+")).isEmpty();
        }
    }

    @Nested
    class ResourceAndTestTypes {

        @Test
        void resourceTypes() {
            assertThat(select("resource_type:seed")).containsExactly("countries");
            assertThat(select("resource_type:snapshot")).containsExactly("users_history");
            assertThat(select("resource_type:test")).containsExactlyInAnyOrder(NN_SRC, UNIQUE, NN, REL, AV, SINGULAR);
            assertThat(select("resource_type:unit_test")).isEmpty();
            assertThat(select("resource_type:source+1"))
                    .containsExactlyInAnyOrder(with(STG_USERS_TESTS, NN_SRC, "stg_users", "stg_orders"));
        }

        @Test
        void modelsBringTheirTestsAsInDbt() {
            assertThat(select("resource_type:model")).containsExactlyInAnyOrder(with(STG_USERS_TESTS, "orphan",
                    "stg_users", "stg_orders", "dim_users", "fct_orders", "revenue", AV, SINGULAR));
            assertThat(select(Selection.parse("resource_type:model").excluding("resource_type:test")))
                    .containsExactly("orphan", "stg_users", "stg_orders", "dim_users", "fct_orders", "revenue");
        }

        @Test
        void testTypes() {
            assertThat(select("test_type:generic")).containsExactlyInAnyOrder(NN_SRC, UNIQUE, NN, REL, AV);
            assertThat(select("test_type:singular")).containsExactly(SINGULAR);
            assertThat(select("test_type:data")).containsExactlyInAnyOrder(NN_SRC, UNIQUE, NN, REL, AV, SINGULAR);
            assertThat(select("test_type:unit")).isEmpty();
        }

        @Test
        void testNames() {
            assertThat(select("test_name:not_null")).containsExactlyInAnyOrder(NN_SRC, NN);
            assertThat(select("test_name:accepted_*")).containsExactly(AV);
            assertThat(select("test_name:relationships")).containsExactly(REL);
            assertThat(select("test_name:assert_revenue_positive")).as("singular tests have no generic test name").isEmpty();
            assertThat(select("unit_test:*")).isEmpty();
        }

        @Test
        void packages() {
            int all = project.nodes().size();
            assertThat(select("package:shop")).hasSize(all);
            assertThat(select("package:this")).hasSize(all);
            assertThat(select("package:sh*")).hasSize(all);
            assertThat(select("package:dbt_utils")).isEmpty();
        }
    }

    @Nested
    class GraphOperators {

        @Test
        void plusBeforeSelectsAllAncestorsInTopologicalOrder() {
            assertThat(select("+fct_orders")).containsExactly("countries", "stg_users", NN_SRC, "stg_orders",
                    "dim_users", UNIQUE, NN, REL, "fct_orders", AV);
        }

        @Test
        void aDepthLimitsTheGenerations() {
            assertThat(select("1+fct_orders")).containsExactlyInAnyOrder("stg_orders", "dim_users", "fct_orders", REL, AV);
            assertThat(select("2+fct_orders")).containsExactlyInAnyOrder(with(STG_USERS_TESTS, "countries", "stg_users",
                    "stg_orders", "dim_users", "fct_orders", AV));
            assertThat(select("0+fct_orders")).containsExactly("fct_orders");
            assertThat(select("fct_orders+0")).containsExactly("fct_orders");
        }

        @Test
        void plusAfterSelectsDescendants() {
            assertThat(select("dim_users+")).containsExactly("dim_users", "fct_orders", AV, "revenue", SINGULAR);
            assertThat(select("dim_users+1")).containsExactly("dim_users", "fct_orders", AV);
            assertThat(select("stg_users+1")).containsExactlyInAnyOrder(with(STG_USERS_TESTS, "stg_users", "dim_users",
                    "users_history", AV));
        }

        @Test
        void plusOnBothSides() {
            assertThat(select("+dim_users+")).containsExactlyInAnyOrder(with(STG_USERS_TESTS, "countries", "stg_users",
                    NN_SRC, "dim_users", "fct_orders", AV, "revenue", SINGULAR));
            assertThat(select("1+dim_users+1")).containsExactlyInAnyOrder(with(STG_USERS_TESTS, "countries", "stg_users",
                    "dim_users", "fct_orders", AV));
        }

        @Test
        void atSelectsDescendantsAndEveryAncestorOfThem() {
            assertThat(select("@stg_orders")).containsExactlyInAnyOrder(with(STG_USERS_TESTS, "countries", "stg_users",
                    NN_SRC, "stg_orders", "dim_users", "fct_orders", AV, "revenue", SINGULAR));
            assertThat(select("stg_orders+")).containsExactlyInAnyOrder("stg_orders", REL, "fct_orders", "revenue", SINGULAR);
        }

        @Test
        void operatorsApplyToEveryNodeAMethodMatched() {
            assertThat(select("tag:finance+1")).containsExactlyInAnyOrder("stg_orders", REL, "fct_orders", "revenue", SINGULAR);
            assertThat(select("+tag:finance")).containsExactlyInAnyOrder(with(STG_USERS_TESTS, "countries", "stg_users",
                    NN_SRC, "stg_orders", "dim_users", "fct_orders", AV, "revenue", SINGULAR));
        }
    }

    @Nested
    class SetOperations {

        @Test
        void separateSpecsAreAUnion() {
            assertThat(select("orphan countries")).containsExactly("orphan", "countries");
            assertThat(select("orphan", "countries", "orphan")).containsExactly("orphan", "countries");
        }

        @Test
        void commasIntersect() {
            assertThat(select("tag:daily,config.materialized:incremental")).containsExactly("stg_orders", REL);
            assertThat(select("+fct_orders,tag:daily")).containsExactly("stg_users", "stg_orders", UNIQUE, NN, REL);
            assertThat(select("tag:daily,tag:nightly")).isEmpty();
        }

        @Test
        void excludesAreRemovedWithTheirTests() {
            assertThat(select(Selection.parse("staging").excluding("stg_orders"))).containsExactly("stg_users", UNIQUE, NN);
            assertThat(select(Selection.parse("+revenue").excluding("+stg_users", "countries")))
                    .containsExactly("stg_orders", "dim_users", "fct_orders", AV, "revenue", SINGULAR);
        }

        @Test
        void excludeAloneStartsFromEverything() {
            assertThat(select(new Selection(List.of(), List.of("marts", "resource_type:test"))))
                    .containsExactly("orphan", "countries", "stg_users", "stg_orders", "users_history");
        }

        @Test
        void noSpecsSelectEverythingInProjectOrder() {
            assertThat(new Selector(project, null).select(Selection.ALL)).containsExactlyElementsOf(project.nodes());
        }

        @Test
        void specsHoldingSpacesAreSplitLikeACommandLine() {
            assertThat(select(new Selection(List.of(" orphan  countries "), List.of()))).containsExactly("orphan", "countries");
        }
    }

    @Nested
    class Outcome {

        @Test
        void specsThatMatchNothingAreReportedWithAHint() {
            SelectionOutcome out = new Selector(project, null).evaluate(
                    Selection.parse("stg_user orphan tag:nightly source:raw.events+").excluding("nothing_here"));
            assertThat(out.nodes()).extracting(CompiledNode::name).containsExactly("orphan");
            assertThat(out.unmatched()).containsExactly(
                    new SelectionOutcome.UnmatchedSpec("stg_user", "Did you mean 'stg_users'?"),
                    new SelectionOutcome.UnmatchedSpec("tag:nightly", null),
                    new SelectionOutcome.UnmatchedSpec("nothing_here", null, true));
        }
    }
}
