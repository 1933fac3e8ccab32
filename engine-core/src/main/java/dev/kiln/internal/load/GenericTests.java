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
 * selects the failing rows, with {@code model}, {@code column_name} and the test's
 * arguments as variables.
 */
public final class GenericTests {

    /** Built-in tests and the arguments each one requires. */
    public static final Map<String, List<String>> BUILT_IN = builtIns();

    private final Map<String, String> templates;

    /** @param custom the project's own templates, by test name */
    GenericTests(Map<String, String> custom) {
        Map<String, String> all = new LinkedHashMap<>();
        BUILT_IN.keySet().forEach(name -> all.put(name, builtInTemplate(name)));
        all.putAll(custom);
        this.templates = all;
    }

    private static Map<String, List<String>> builtIns() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("not_null", List.of());
        m.put("unique", List.of());
        m.put("accepted_values", List.of("values"));
        m.put("relationships", List.of("to", "field"));
        return m;
    }

    /** The template of a test, or {@code null} if no test has that name. */
    public String template(String name) {
        return templates.get(name);
    }

    /** Every test name. */
    public Set<String> names() {
        return templates.keySet();
    }

    /** The arguments a test requires (none for custom tests, which declare nothing). */
    public List<String> requiredArguments(String name) {
        return BUILT_IN.getOrDefault(name, List.of());
    }

    private static String builtInTemplate(String name) {
        String resource = "/dev/kiln/generic-tests/" + name + ".sql";
        try (InputStream in = GenericTests.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new KilnException(ErrorCode.IO, "Kiln's jar is missing " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KilnException(ErrorCode.IO, "Cannot read " + resource, e);
        }
    }
}
