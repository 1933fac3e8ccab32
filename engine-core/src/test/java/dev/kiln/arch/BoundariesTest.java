package dev.kiln.arch;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * engine-core's boundaries, enforced: the core names no vendor (no vendor library, no adapter
 * package), and the public API ({@code dev.kiln}) and the adapter SPI ({@code dev.kiln.spi}) expose
 * no internal type in a public signature.
 */
class BoundariesTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.kiln");

    @Test
    void theCoreNamesNoVendor() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.duckdb..", "software.amazon..", "io.trino..",
                        "com.amazonaws..", "org.postgresql..", "dev.kiln.duckdb..", "dev.kiln.athena..", "dev.kiln.trino..")
                .because("vendor code lives in the adapters; the core speaks through the SPI (DESIGN.md)")
                .check(CORE);
    }

    @Test
    void theApiAndTheSpiExposeNoInternalType() {
        classes().that().resideInAnyPackage("dev.kiln", "dev.kiln.spi").and().arePublic()
                .should(exposeNoInternalType())
                .because("embedders and adapter authors must be able to use every public signature")
                .check(CORE);
    }

    /**
     * What the API hands back is an API type: no public method of a {@code dev.kiln} type returns an
     * SPI type ({@code Kiln.show} returned the SPI's {@code QueryResult}; it returns {@code QueryRows}).
     * The exceptions hand an embedder a piece of the adapter on purpose, each named here.
     */
    @Test
    void theApiReturnsNoSpiType() {
        java.util.Set<String> onPurpose = java.util.Set.of(
                "dev.kiln.Kiln.dialect()", // the target's SQL dialect, to render relations and literals
                "dev.kiln.Kiln.catalog(java.util.Collection)"); // the warehouse's catalog entries (kiln-docs)
        classes().that().resideInAPackage("dev.kiln").and().arePublic()
                .should(new ArchCondition<JavaClass>("return no dev.kiln.spi type from a public method") {
                    @Override
                    public void check(JavaClass type, ConditionEvents events) {
                        for (JavaCodeUnit unit : type.getMethods()) {
                            JavaClass returned = unit.getRawReturnType();
                            JavaClass base = returned.isArray() ? returned.getBaseComponentType() : returned;
                            String member = type.getName() + "." + unit.getName() + "(" + String.join(", ",
                                    unit.getRawParameterTypes().stream().map(JavaClass::getName).toList()) + ")";
                            if (visible(unit.getModifiers()) && base.getPackageName().equals("dev.kiln.spi")
                                    && !onPurpose.contains(member)) {
                                events.add(SimpleConditionEvent.violated(type, member + " returns " + base.getName()));
                            }
                        }
                    }
                })
                .because("embedders read results as API types; the SPI is for adapter authors")
                .check(CORE);
    }

    /**
     * {@code Kiln} is a thin facade: it hands each call to {@code internal.pipeline}, which drives
     * the stages; it calls no stage's package itself (see docs/architecture.md).
     */
    @Test
    void kilnIsAFacadeOverThePipeline() {
        noClasses().that().haveFullyQualifiedName("dev.kiln.Kiln")
                .should().dependOnClassesThat(com.tngtech.archunit.core.domain.JavaClass.Predicates
                        .resideInAPackage("dev.kiln.internal..")
                        .and(com.tngtech.archunit.base.DescribedPredicate.not(
                                com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("dev.kiln.internal.pipeline"))))
                .because("the stages live in internal.pipeline and the stage packages, not in the API's facade (issue 18)")
                .check(CORE);
    }

    /**
     * The internal packages form no cycle: each stage's package can be read (and changed) knowing only
     * the packages it depends on.
     */
    @Test
    void theInternalPackagesFormNoCycle() {
        com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices()
                .matching("dev.kiln.internal.(*)..")
                .should().beFreeOfCycles()
                .because("a cycle between stages makes neither readable alone (docs/architecture.md)")
                .check(CORE);
    }

    @Test
    void selectionAndLinkingReadEarlierRunsThroughTheStatePackageNotTheReportStage() {
        noClasses().that().resideInAnyPackage("dev.kiln.internal.select..", "dev.kiln.internal.link..",
                        "dev.kiln.internal.plan..", "dev.kiln.internal.render..")
                .should().dependOnClassesThat().resideInAPackage("dev.kiln.internal.report..")
                .because("the report stage writes artifacts; an earlier run's manifest.json and run_results.json are "
                        + "read by dev.kiln.internal.state (issue 18)")
                .check(CORE);
    }

    private static ArchCondition<JavaClass> exposeNoInternalType() {
        return new ArchCondition<>("expose no dev.kiln.internal type in a public or protected signature") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                for (JavaCodeUnit unit : type.getCodeUnits()) {
                    if (!visible(unit.getModifiers()) || unit.getName().startsWith("lambda$")) {
                        continue;
                    }
                    List<JavaClass> used = new ArrayList<>(unit.getRawParameterTypes());
                    used.add(unit.getRawReturnType());
                    report(events, type, unit.getFullName(), used);
                }
                for (JavaField f : type.getFields()) {
                    if (visible(f.getModifiers())) {
                        report(events, type, f.getFullName(), List.of(f.getRawType()));
                    }
                }
            }
        };
    }

    private static boolean visible(java.util.Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    private static void report(ConditionEvents events, JavaClass owner, String member, List<JavaClass> used) {
        for (JavaClass c : used) {
            JavaClass base = c.isArray() ? c.getBaseComponentType() : c;
            if (base.getPackageName().startsWith("dev.kiln.internal")) {
                events.add(SimpleConditionEvent.violated(owner, member + " exposes " + base.getName()));
            }
        }
    }
}
