package dev.kiln.internal.select;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.internal.select.SelectorSpec.Criterion;
import dev.kiln.internal.select.SelectorSpec.GraphOperators;
import dev.kiln.internal.select.SelectorSpec.Intersection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SelectorParserTest {

    private final SelectorParser parser = new SelectorParser();

    private Criterion criterion(String spec) {
        return (Criterion) parser.parse(spec);
    }

    @Test
    void aBareNameIsAnFqnWithoutOperators() {
        assertThat(parser.parse("stg_users")).isEqualTo(
                new Criterion("stg_users", SelectorMethod.FQN, List.of(), "stg_users", GraphOperators.NO_OPERATORS));
    }

    @ParameterizedTest
    @CsvSource({
            "stg_users, FQN",
            "staging.stg_users, FQN",
            "stg_*, FQN",
            "models/staging, PATH",
            "models\\staging, PATH",
            "stg_users.sql, FILE",
            "countries.CSV, FILE",
            "my_model.py, FILE"})
    void withoutAMethodTheValuesShapeChoosesOne(String spec, SelectorMethod method) {
        assertThat(criterion(spec).method()).isEqualTo(method);
    }

    @ParameterizedTest
    @CsvSource({
            "+m, -1, 0, false",
            "m+, 0, -1, false",
            "+m+, -1, -1, false",
            "2+m, 2, 0, false",
            "m+3, 0, 3, false",
            "3+m+4, 3, 4, false",
            "0+m+0, 0, 0, false",
            "@m, 0, 0, true",
            "@m+, 0, -1, true"})
    void graphOperators(String spec, int parents, int children, boolean at) {
        Criterion c = criterion(spec);
        assertThat(c.value()).isEqualTo("m");
        assertThat(c.graph()).isEqualTo(new GraphOperators(parents, children, at));
    }

    @Test
    void methodsKeysAndValues() {
        Criterion c = criterion("2+config.meta.owner:alice+");
        assertThat(c.method()).isEqualTo(SelectorMethod.CONFIG);
        assertThat(c.key()).containsExactly("meta", "owner");
        assertThat(c.value()).isEqualTo("alice");
        assertThat(c.graph()).isEqualTo(new GraphOperators(2, GraphOperators.ALL, false));
        assertThat(criterion("state:modified.body").value()).isEqualTo("modified.body");
        assertThat(criterion("TAG:daily").method()).isEqualTo(SelectorMethod.TAG);
    }

    @Test
    void freeTextValuesKeepPlusColonsAndAtSigns() {
        Criterion c = criterion("config.incremental_strategy:delete+insert");
        assertThat(c.value()).isEqualTo("delete+insert");
        assertThat(c.graph().any()).isFalse();
        assertThat(criterion("config.meta.contact:ops@example.com").value()).isEqualTo("ops@example.com");
        assertThat(criterion("config.meta.url:http://x").value()).isEqualTo("http://x");
    }

    @Test
    void commasMakeAnIntersection() {
        SelectorSpec spec = parser.parse("+tag:daily,config.materialized:table");
        assertThat(spec).isInstanceOf(Intersection.class);
        assertThat(spec.raw()).isEqualTo("+tag:daily,config.materialized:table");
        assertThat(spec.criteria()).extracting(Criterion::method).containsExactly(SelectorMethod.TAG, SelectorMethod.CONFIG);
        assertThat(spec.criteria().get(0).graph().parentsDepth()).isEqualTo(GraphOperators.ALL);
    }

    private static void assertUsage(String spec, String... fragments) {
        assertThatThrownBy(() -> new SelectorParser().parse(spec)).isInstanceOfSatisfying(KilnException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.USAGE);
            assertThat(e.getMessage()).contains(fragments);
        });
    }

    @Test
    void anUnknownMethodIsNamedWithASuggestionAndTheList() {
        assertUsage("tagg:daily", "Unknown selection method 'tagg' in spec 'tagg:daily'.", "Did you mean 'tag'?",
                "Methods: fqn, tag, path, file, config, source, resource_type, test_type, test_name, unit_test, exposure, package, state.");
        assertUsage("+resource_typ:model", "'resource_typ'", "Did you mean 'resource_type'?");
        assertUsage("zzz:x", "Unknown selection method 'zzz'", "Methods: fqn");
    }

    @Test
    void dbtMethodsKilnLacksAreSaidSo() {
        assertUsage("+metric:weekly_kpis", "uses dbt's 'metric' method, which Kiln does not support", "Methods: fqn");
        assertUsage("result:error", "'result' method");
    }

    @Test
    void enumeratedValuesAreChecked() {
        assertUsage("resource_type:modle", "Unknown resource_type 'modle' in spec 'resource_type:modle'.",
                "Did you mean 'model'?", "Accepted: model, seed, snapshot, test, unit_test, source, exposure.");
        assertUsage("test_type:generc", "Did you mean 'generic'?", "Accepted: generic, singular, data, unit.");
        assertUsage("state:modifed", "Unknown state 'modifed'", "Did you mean 'modified'?",
                "Accepted: new, old, modified, unmodified, modified.body, modified.configs, modified.relation, modified.macros, modified.vars, modified.contract.");
        assertUsage("resource_type:metric", "Accepted: model");
    }

    @Test
    void keysAreRequiredExactlyWhereTheyBelong() {
        assertUsage("config:table", "Spec 'config:table' needs a config key after 'config'", "config.materialized:table");
        assertUsage("tag.x:daily", "method 'tag' takes no key", "tag:daily");
        assertUsage("config..x:y", "empty key");
    }

    @Test
    void badGraphOperatorsAreExplained() {
        assertUsage("@+stg_users", "Spec '@+stg_users' combines '@' with a '+' prefix");
        assertUsage("stg+users", "Spec 'stg+users' has '+' inside 'stg+users'", "2+model, model+3");
        assertUsage("stg_users+x", "has '+' inside");
        assertUsage("stg_users++", "has '+' inside");
        assertUsage("st@g", "has '@' inside");
        assertUsage("99999999999+stg_users", "depth 99999999999, which is too large");
        assertUsage("stg_users+99999999999", "too large");
    }

    @Test
    void specsThatNameNothing() {
        assertUsage("+", "Spec '+' names nothing");
        assertUsage("3+", "Spec '3+' names nothing");
        assertUsage("@", "names nothing");
        assertUsage("tag:", "Spec 'tag:' has nothing after 'tag:'", "tag:daily");
        assertUsage("", "An empty selection spec");
        assertUsage("a,,b", "Spec 'a,,b' has an empty part around a comma");
        assertUsage(",a", "empty part");
        assertUsage("a b", "white space");
    }

    @Test
    void sourceValuesHaveAtMostThreeParts() {
        assertUsage("source:a.b.c.d", "Spec 'source:a.b.c.d' names source 'a.b.c.d'", "source:raw.users");
        assertUsage("source:raw.", "source:SOURCE.TABLE");
        assertThat(criterion("source:shop.raw.users").value()).isEqualTo("shop.raw.users");
    }
}
