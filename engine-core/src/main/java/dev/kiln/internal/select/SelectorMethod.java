package dev.kiln.internal.select;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The selection methods Kiln understands, named as in dbt ({@code method:value}). A spec
 * without a method uses {@link #FQN}, {@link #PATH} or {@link #FILE}, chosen from the value's
 * shape (see {@link SelectorParser}).
 */
public enum SelectorMethod {
    /** {@code fqn:staging.stg_users}: a node's name, or a prefix of its fully qualified name. */
    FQN("fqn", false, List.of()),
    /** {@code tag:daily}: a tag of the node (globs allowed). */
    TAG("tag", false, List.of()),
    /** {@code path:models/staging}: a file or folder, relative to the project directory. */
    PATH("path", false, List.of()),
    /** {@code file:stg_users.sql}: a file name, with or without its extension. */
    FILE("file", false, List.of()),
    /** {@code config.materialized:table}: a config value; the key follows the dot. */
    CONFIG("config", true, List.of()),
    /** {@code source:raw.users}: a declared source table ({@code source}, {@code source.table}). */
    SOURCE("source", false, List.of()),
    /** {@code resource_type:seed}. */
    RESOURCE_TYPE("resource_type", false, List.of("model", "seed", "snapshot", "test", "unit_test", "source",
            "exposure")),
    /** {@code test_type:generic}. */
    TEST_TYPE("test_type", false, List.of("generic", "singular", "data", "unit")),
    /** {@code test_name:not_null}: the generic test a data test instantiates. */
    TEST_NAME("test_name", false, List.of()),
    /** {@code unit_test:name}: a unit test by name. */
    UNIT_TEST("unit_test", false, List.of()),
    /** {@code exposure:name}: an enabled exposure by name (a glob: {@code exposure:*}). */
    EXPOSURE("exposure", false, List.of()),
    /** {@code package:shop}: the project (or package) a node belongs to. */
    PACKAGE("package", false, List.of()),
    /** {@code state:modified}: compared with the manifest of an earlier run ({@code --state}). */
    STATE("state", false, List.of("new", "old", "modified", "unmodified", "modified.body",
            "modified.configs", "modified.relation", "modified.macros", "modified.vars", "modified.contract"));

    /** dbt methods that Kiln does not implement; named in the error instead of a typo hint. */
    static final List<String> UNSUPPORTED_DBT_METHODS = List.of("metric", "result", "source_status",
            "group", "access", "version", "semantic_model", "saved_query", "wildcard");

    private final String dbtName;
    private final boolean takesKey;
    private final List<String> acceptedValues;

    SelectorMethod(String dbtName, boolean takesKey, List<String> acceptedValues) {
        this.dbtName = dbtName;
        this.takesKey = takesKey;
        this.acceptedValues = acceptedValues;
    }

    /** The name written before the colon. */
    public String dbtName() {
        return dbtName;
    }

    /** Whether the method needs a dotted key ({@code config.materialized}). */
    public boolean takesKey() {
        return takesKey;
    }

    /** The values the method accepts, or an empty list when any value is accepted. */
    public List<String> acceptedValues() {
        return acceptedValues;
    }

    /** The method written as {@code name}, or {@code null}. */
    public static SelectorMethod byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.dbtName.equals(n)).findFirst().orElse(null);
    }

    /** Every method name, in declaration order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(SelectorMethod::dbtName).toList();
    }
}
