package dev.graphileworker.spring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The starter is an adapter on the public API: it finds the PostgreSQL adapter through
 * {@code ServiceLoader}, and what applications see of it never leads into its internals.
 */
class StarterArchitectureTest {

    private final JavaClasses starter = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.graphileworker.spring");

    @Test
    void usesOnlyThePublicApi() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.graphileworker.postgres..",
                "dev.graphileworker.domain..", "dev.graphileworker.testkit..").check(starter);
    }

    @Test
    void theApplicationsApiNeverLeadsIntoTheInternals() {
        noClasses().that().resideInAPackage("dev.graphileworker.spring")
                .should().dependOnClassesThat().resideInAnyPackage("dev.graphileworker.spring.internal..",
                        "dev.graphileworker.spring.autoconfigure..")
                .check(starter);
    }

    @Test
    void theInternalsNeverLeadToTheAutoConfiguration() {
        noClasses().that().resideInAPackage("dev.graphileworker.spring.internal..")
                .should().dependOnClassesThat().resideInAPackage("dev.graphileworker.spring.autoconfigure..")
                .check(starter);
    }
}
