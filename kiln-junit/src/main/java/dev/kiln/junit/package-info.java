/**
 * Kiln in JUnit 5: a project's YAML unit tests and data tests as JUnit dynamic tests, run on
 * embedded DuckDB, so that they show up one by one in IDEs and Surefire reports.
 *
 * <pre>{@code
 * @KilnTests(projectDir = "../datavision-project", select = "+rfm_segments")
 * class DataVisionModelsTest {
 *     @TestFactory
 *     Stream<DynamicTest> models(KilnDynamicTests kiln) {
 *         return kiln.stream();
 *     }
 * }
 * }</pre>
 *
 * Without the annotation, {@link dev.kiln.junit.KilnDynamicTests#forProject(java.nio.file.Path)}
 * configures the same thing in code.
 */
package dev.kiln.junit;
