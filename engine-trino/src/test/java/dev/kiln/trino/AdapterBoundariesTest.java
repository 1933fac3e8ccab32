package dev.kiln.trino;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The three adapters (all on this module's test class path) use Kiln through its API and SPI
 * only: none imports {@code dev.kiln.internal}, so a third adapter needed no core change.
 */
class AdapterBoundariesTest {

    @Test
    void adaptersImportNoInternalPackage() {
        JavaClasses adapters = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.kiln.trino", "dev.kiln.trinosql", "dev.kiln.duckdb", "dev.kiln.athena");
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.kiln.internal..")
                .because("adapters are written against dev.kiln and dev.kiln.spi (docs/adapters.md)")
                .check(adapters);
    }
}
