package dev.kiln.junit;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * The extension as a user writes it: the staging part of the fixture project, whose tests all
 * pass once the {@code enterprise} plan is filtered out. Run by Surefire like any test class;
 * each Kiln test is listed in its report.
 */
@KilnTests(projectDir = KilnDynamicTestsTest.SHOP, select = "+stg_customers", vars = "{drop_plan: enterprise}")
class ShopStagingTest {

    @TestFactory
    Stream<DynamicTest> staging(KilnDynamicTests kiln) {
        return kiln.stream();
    }
}
