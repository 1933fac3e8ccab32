package dev.kiln.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares which Kiln project (and which part of it) a test class or {@code @TestFactory}
 * method tests. A factory method then takes a {@link KilnDynamicTests} configured from it and
 * returns its tests:
 *
 * <pre>{@code
 * @KilnTests(projectDir = "../datavision-project", target = "dev", select = "+rfm_segments")
 * class DataVisionModelsTest {
 *     @TestFactory
 *     Stream<DynamicTest> models(KilnDynamicTests kiln) {
 *         return kiln.stream();
 *     }
 * }
 * }</pre>
 *
 * On a method it replaces the class's annotation for that method.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(KilnTestsExtension.class)
public @interface KilnTests {

    /** The project directory (holding {@code kiln.yml}); relative to the working directory, which is the module's directory under Maven. */
    String projectDir();

    /** The target in {@code kiln.yml}, which must be of type {@code duckdb}; default: the project's {@code default-target}. */
    String target() default "";

    /** Selection specs, as on the command line ({@code "+rfm_segments"}, {@code "tag:daily"}); default: everything. */
    String[] select() default {};

    /** Specs to leave out. */
    String[] exclude() default {};

    /** Var overrides as a YAML mapping, like {@code --vars}: {@code "{as_of: 2026-11-01}"}. */
    String vars() default "";

    /**
     * Whether to build on a fresh in-memory DuckDB database (the default) rather than on the
     * target's database file. In memory, every run starts empty: seeds, models and tests build
     * from files only ({@code seeds/}, sources with {@code external_location}).
     */
    boolean inMemory() default true;
}
