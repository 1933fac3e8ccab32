package dev.kiln.junit;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs sample test classes with the JUnit Platform's {@link EngineTestKit} and checks that each
 * Kiln test shows up as its own JUnit test, with its name, status, message and source.
 */
class KilnDynamicTestsTest {

    /** The fixture: a tiny shop with passing, failing, erroring and skipped tests. */
    static final String SHOP = "src/test/kiln/shop";

    /** Set by a test before it runs a sample that needs a generated project. */
    static volatile Path generated;

    /** The whole shop, configured by the annotation. */
    @KilnTests(projectDir = SHOP)
    static class WholeShop {
        @TestFactory
        Stream<DynamicTest> shop(KilnDynamicTests kiln) {
            return kiln.stream();
        }
    }

    /** Part of the shop, configured in code, with a var that makes every test pass. */
    static class StagingInCode {
        @TestFactory
        Stream<DynamicTest> staging() {
            return KilnDynamicTests.forProject(SHOP).select("+stg_customers").vars("{drop_plan: enterprise}").stream();
        }
    }

    /** The annotation on the method wins over the one on the class. */
    @KilnTests(projectDir = "no/such/project")
    static class MethodAnnotation {
        @TestFactory
        @KilnTests(projectDir = SHOP, select = "stg_customers", exclude = "resource_type:test")
        Stream<DynamicTest> staging(KilnDynamicTests kiln) {
            return kiln.stream();
        }
    }

    /** Whatever project a test generated. */
    static class Generated {
        @TestFactory
        Stream<DynamicTest> generated() {
            return KilnDynamicTests.forProject(generated).stream();
        }
    }

    private static Events run(Class<?> sample) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(sample)).execute().allEvents();
    }

    private static Map<String, TestExecutionResult.Status> statuses(Events events) {
        return events.finished().filter(e -> e.getTestDescriptor().isTest())
                .collect(Collectors.toMap(e -> e.getTestDescriptor().getDisplayName(),
                        e -> e.getRequiredPayload(TestExecutionResult.class).getStatus()));
    }

    private static String message(Events events, String test) {
        return events.finished().filter(e -> e.getTestDescriptor().getDisplayName().equals(test)).findFirst()
                .flatMap(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable())
                .map(Throwable::getMessage).orElse("");
    }

    @Test
    void everyUnitTestAndDataTestIsAJUnitTestWithItsOwnNameAndStatus() {
        Events events = run(WholeShop.class);
        assertThat(statuses(events)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "kiln build", TestExecutionResult.Status.FAILED,
                "lowercases_plan", TestExecutionResult.Status.SUCCESSFUL,
                "counts_plans", TestExecutionResult.Status.FAILED,
                "unique_stg_customers_customer_id", TestExecutionResult.Status.SUCCESSFUL,
                "not_null_stg_customers_customer_id", TestExecutionResult.Status.SUCCESSFUL,
                "accepted_values_stg_customers_plan__free__premium", TestExecutionResult.Status.FAILED,
                "not_null_plan_counts_customers", TestExecutionResult.Status.ABORTED,
                "not_null_broken_model_n", TestExecutionResult.Status.ABORTED));
        assertThat(message(events, "accepted_values_stg_customers_plan__free__premium"))
                .contains("(models/schema.yml:", "Got 1 result, configured to fail if != 0", "The failing rows:");
        assertThat(message(events, "counts_plans")).contains("expected but missing:", "customers: 3");
        assertThat(message(events, "kiln build")).contains("model.shop.broken_model", "not a number");
        assertThat(message(events, "not_null_plan_counts_customers")).contains("counts_plans");
    }

    @Test
    void aFailingDataTestIsAnAssertionFailureAndAModelThatErrorsIsAnError() {
        Events events = run(WholeShop.class);
        Throwable failed = throwable(events, "accepted_values_stg_customers_plan__free__premium");
        Throwable errored = throwable(events, "kiln build");
        assertThat(failed).isInstanceOf(AssertionError.class);
        assertThat(errored).isNotInstanceOf(AssertionError.class);
    }

    private static Throwable throwable(Events events, String test) {
        return events.finished().filter(e -> e.getTestDescriptor().getDisplayName().equals(test)).findFirst()
                .flatMap(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable()).orElseThrow();
    }

    @Test
    void aTestPointsAtWhereItIsDeclared() {
        Event test = run(WholeShop.class).started()
                .filter(e -> e.getTestDescriptor().getDisplayName().equals("unique_stg_customers_customer_id"))
                .findFirst().orElseThrow();
        FileSource source = (FileSource) test.getTestDescriptor().getSource().orElseThrow();
        assertThat(source.getFile().toPath()).isEqualTo(Path.of(SHOP, "models/schema.yml").toAbsolutePath());
        assertThat(source.getPosition().map(FilePosition::getLine)).hasValueSatisfying(l -> assertThat(l).isPositive());
    }

    @Test
    void selectionAndVarsNarrowTheTests() {
        assertThat(statuses(run(StagingInCode.class))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "kiln build", TestExecutionResult.Status.SUCCESSFUL,
                "lowercases_plan", TestExecutionResult.Status.SUCCESSFUL,
                "unique_stg_customers_customer_id", TestExecutionResult.Status.SUCCESSFUL,
                "not_null_stg_customers_customer_id", TestExecutionResult.Status.SUCCESSFUL,
                "accepted_values_stg_customers_plan__free__premium", TestExecutionResult.Status.SUCCESSFUL));
    }

    @Test
    void theMethodsAnnotationWins() {
        // only stg_customers and its unit test; on an empty in-memory database it cannot find its seed
        Events events = run(MethodAnnotation.class);
        assertThat(statuses(events)).containsOnlyKeys("kiln build", "lowercases_plan");
        assertThat(message(events, "kiln build")).contains("model.shop.stg_customers");
    }

    @Test
    void anInvalidProjectFailsTheFactoryWithEveryProblem(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("kiln.yml"), "name: bad\ntargets: {dev: {type: duckdb}}\n");
        Files.createDirectories(dir.resolve("models"));
        Files.writeString(dir.resolve("models/broken.sql"), "select *\nfrom ${ref('missing_model')}\n");
        generated = dir;
        Events events = run(Generated.class);
        assertThat(statuses(events)).isEmpty();
        Event failed = events.finished().filter(e -> e.getTestDescriptor().getDisplayName().startsWith("generated"))
                .findFirst().orElseThrow();
        assertThat(failed.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow().getMessage())
                .contains("models/broken.sql:2:6: error: ref('missing_model')");
    }

    @Test
    void aTargetThatIsNotDuckDbIsRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("kiln.yml"), "name: cloud\ntargets: {prod: {type: athena, region: eu-west-1}}\n");
        generated = dir;
        Event failed = run(Generated.class).finished()
                .filter(e -> e.getTestDescriptor().getDisplayName().startsWith("generated")).findFirst().orElseThrow();
        assertThat(failed.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow().getMessage())
                .contains("run on embedded DuckDB", "Choose a duckdb target");
    }
}
