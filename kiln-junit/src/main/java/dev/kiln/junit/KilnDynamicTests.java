package dev.kiln.junit;

import dev.kiln.ErrorCode;
import dev.kiln.Kiln;
import dev.kiln.KilnBuilder;
import dev.kiln.KilnException;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import org.junit.jupiter.api.DynamicTest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A Kiln project's unit tests and data tests as JUnit dynamic tests. {@link #stream()} runs
 * {@code kiln build} on the selection — on a fresh in-memory DuckDB database unless told
 * otherwise — and returns one {@link DynamicTest} per unit test and data test, named by the
 * test, plus one named {@code kiln build} that fails when a seed, model or snapshot errored:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> rfm() {
 *     return KilnDynamicTests.forProject(Path.of("../datavision-project"))
 *             .select("+rfm_segments")
 *             .vars(Map.of("as_of", "2026-11-01"))
 *             .stream();
 * }
 * }</pre>
 *
 * A test that found failing rows fails with Kiln's message and the query that returns them; a
 * unit test fails with its diff; a test that could not run (an error) is reported as an error,
 * and one skipped because something upstream failed is reported as skipped (aborted). Warnings
 * pass. The project's {@code target-path} receives the run's artifacts, as with {@code kiln build}.
 * <p>
 * Use it directly, or let {@link KilnTests} configure it for a {@code @TestFactory} parameter.
 */
public final class KilnDynamicTests {

    private final Path projectDir;
    private String target;
    private final List<String> select = new ArrayList<>();
    private final List<String> exclude = new ArrayList<>();
    private final Map<String, Object> vars = new LinkedHashMap<>();
    private boolean inMemory = true;
    private final List<Consumer<KilnBuilder>> customizers = new ArrayList<>();

    private KilnDynamicTests(Path projectDir) {
        this.projectDir = Objects.requireNonNull(projectDir, "projectDir").toAbsolutePath().normalize();
    }

    /**
     * Tests of the project in {@code projectDir}.
     *
     * @param projectDir the directory holding {@code kiln.yml}; relative to the working directory
     * @return a configuration to refine, then {@link #stream()}
     */
    public static KilnDynamicTests forProject(Path projectDir) {
        return new KilnDynamicTests(projectDir);
    }

    /**
     * Tests of the project in {@code projectDir}.
     *
     * @param projectDir the directory holding {@code kiln.yml}; relative to the working directory
     * @return a configuration to refine, then {@link #stream()}
     */
    public static KilnDynamicTests forProject(String projectDir) {
        return new KilnDynamicTests(Path.of(projectDir));
    }

    /** The configuration an annotation describes. */
    static KilnDynamicTests from(KilnTests a) {
        KilnDynamicTests t = forProject(a.projectDir()).select(a.select()).exclude(a.exclude()).inMemory(a.inMemory());
        if (!a.target().isBlank()) {
            t.target(a.target());
        }
        return t.vars(a.vars());
    }

    /**
     * The target to use (of type {@code duckdb}); default: the project's {@code default-target}.
     *
     * @param name a target in {@code kiln.yml}
     * @return this
     */
    public KilnDynamicTests target(String name) {
        this.target = name;
        return this;
    }

    /**
     * Adds selection specs, as on the command line; several in one string are separated by spaces.
     * Default: everything.
     *
     * @param specs {@code +rfm_segments}, {@code tag:daily}, …
     * @return this
     */
    public KilnDynamicTests select(String... specs) {
        select.addAll(Selection.split(Arrays.asList(specs)));
        return this;
    }

    /**
     * Adds specs to leave out.
     *
     * @param specs as for {@link #select(String...)}
     * @return this
     */
    public KilnDynamicTests exclude(String... specs) {
        exclude.addAll(Selection.split(Arrays.asList(specs)));
        return this;
    }

    /**
     * Overrides project vars.
     *
     * @param overrides var name to value
     * @return this
     */
    public KilnDynamicTests vars(Map<String, ?> overrides) {
        vars.putAll(overrides);
        return this;
    }

    /**
     * Overrides project vars given as a YAML mapping, like {@code --vars}.
     *
     * @param yaml {@code "{as_of: 2026-11-01, limit: 10}"}; blank for none
     * @return this
     */
    public KilnDynamicTests vars(String yaml) {
        vars.putAll(YamlVars.mapping(yaml));
        return this;
    }

    /**
     * Whether to build on a fresh in-memory database (default {@code true}) or on the target's
     * database file.
     *
     * @param value {@code false} to use the target as configured
     * @return this
     */
    public KilnDynamicTests inMemory(boolean value) {
        this.inMemory = value;
        return this;
    }

    /**
     * Adjusts the {@link KilnBuilder} before the project is loaded: a listener, an environment
     * for {@code env_var()}, threads.
     *
     * @param customizer called with the configured builder
     * @return this
     */
    public KilnDynamicTests configure(Consumer<KilnBuilder> customizer) {
        customizers.add(Objects.requireNonNull(customizer, "customizer"));
        return this;
    }

    /**
     * Builds the selection and returns its tests. An invalid project throws a
     * {@link KilnException} whose message lists every problem ({@code file:line:col: error: …}),
     * which fails the factory.
     *
     * @return {@code kiln build}, then one test per unit test and data test, in the order they ran
     */
    public Stream<DynamicTest> stream() {
        KilnBuilder b = Kiln.configure().projectDir(projectDir).vars(vars);
        if (target != null) {
            b.target(target);
        }
        if (inMemory) {
            b.adapter(new InMemoryDuckDb());
        }
        customizers.forEach(c -> c.accept(b));
        try (Kiln kiln = b.load()) {
            if (!"duckdb".equals(kiln.target().type())) {
                throw new KilnException(ErrorCode.USAGE, notDuckDb(kiln.target().name(), kiln.target().type()));
            }
            RunResults results = kiln.build(new Selection(select, exclude));
            return new ResultTests(projectDir, kiln.project(), kiln.compile()).tests(results).stream();
        } catch (KilnException e) {
            String hint = e.code() == ErrorCode.ADAPTER_UNAVAILABLE ? "\n" + notDuckDb(target, "another type") : "";
            throw new KilnException(e.code(), e.describe() + hint, e);
        }
    }

    private static String notDuckDb(String target, String type) {
        return "Kiln's JUnit tests run on embedded DuckDB, and target '" + (target == null ? "(default)" : target)
                + "' is of " + (type.startsWith("another") ? type : "type " + type)
                + ". Choose a duckdb target: @KilnTests(target = \"dev\") or .target(\"dev\").";
    }
}
