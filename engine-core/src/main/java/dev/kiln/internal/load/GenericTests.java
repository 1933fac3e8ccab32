package dev.kiln.internal.load;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The generic data tests a project can use: Kiln's built-in ones and the project's own
 * templates under {@code <test-path>/generic/NAME.sql}. Each is a FreeMarker template that
 * selects the failing rows (or, for an aggregate check, one row describing the failure), with
 * {@code model}, {@code column_name} and the test's arguments as variables.
 *
 * <p>A row-level built-in check also has a predicate template ({@code NAME.predicate.sql}):
 * a SQL condition that is true for a failing row, so that the checks of one model can be
 * evaluated in one scan. Aggregate checks have none.
 */
public final class GenericTests {

    /** Every built-in test (aliases included) and what it accepts. */
    public static final Map<String, TestSignature> SIGNATURES = TestSignatures.all();

    /** Built-in tests and the arguments each one requires. */
    public static final Map<String, List<String>> BUILT_IN = requiredArguments(SIGNATURES);

    private static final String RESOURCES = "/dev/kiln/generic-tests/";

    private final Map<String, String> templates;
    private final Set<String> custom;

    /** @param custom the project's own templates, by test name */
    GenericTests(Map<String, String> custom) {
        Map<String, String> all = new LinkedHashMap<>();
        SIGNATURES.forEach((name, sig) -> all.put(name, resource(sig.resource() + ".sql", true)));
        all.putAll(custom);
        this.templates = all;
        this.custom = Set.copyOf(custom.keySet());
    }

    private static Map<String, List<String>> requiredArguments(Map<String, TestSignature> signatures) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        signatures.forEach((name, sig) -> m.put(name, sig.required()));
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The template of a test, or {@code null} if no test has that name. */
    public String template(String name) {
        return templates.get(name);
    }

    /**
     * The predicate template of a built-in row-level check (true for a failing row), or
     * {@code null} for aggregate checks, unknown names and tests the project overrides.
     */
    public String predicate(String name) {
        TestSignature sig = SIGNATURES.get(name);
        return sig == null || custom.contains(name) ? null : resource(sig.resource() + ".predicate.sql", false);
    }

    /** Every test name. */
    public Set<String> names() {
        return templates.keySet();
    }

    /** The arguments a test requires (none for custom tests, which declare nothing). */
    public List<String> requiredArguments(String name) {
        return custom.contains(name) ? List.of() : BUILT_IN.getOrDefault(name, List.of());
    }

    /**
     * Every problem of a declaration of a built-in test (missing, unknown or ill-typed
     * arguments, a column check on a model, …), each with a hint; none for custom tests.
     *
     * @param name   the test's name
     * @param column the column it is declared under, or {@code null}
     * @param kwargs its arguments (not its config)
     */
    public List<TestSignature.Problem> check(String name, String column, Map<String, Object> kwargs) {
        TestSignature sig = SIGNATURES.get(name);
        return sig == null || custom.contains(name) ? List.of() : sig.check(column, kwargs);
    }

    private static String resource(String file, boolean required) {
        String resource = RESOURCES + file;
        try (InputStream in = GenericTests.class.getResourceAsStream(resource)) {
            if (in == null) {
                if (required) {
                    throw new KilnException(ErrorCode.IO, "Kiln's jar is missing " + resource);
                }
                return null;
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KilnException(ErrorCode.IO, "Cannot read " + resource, e);
        }
    }
}
