package dev.graphileworker.domain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The hexagon's centre: the domain reaches the world only through its ports. */
class DomainArchitectureTest {

    private final JavaClasses domain = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.graphileworker.domain");

    @Test
    void domainDependsOnlyOnTheApiTheJdkJacksonAndSlf4j() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("dev.graphileworker.domain..", "dev.graphileworker.api..", "java..",
                        "com.fasterxml.jackson..", "org.slf4j..")
                .check(domain);
    }

    @Test
    void domainUsesNoJdbcNoPoolAndNoInjectionFramework() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..", "org.postgresql..", "com.zaxxer..", "dagger..",
                        "javax.inject..", "jakarta.inject..")
                .check(domain);
    }

    @Test
    void domainPackagesAreFreeOfCycles() {
        slices().matching("dev.graphileworker.domain.(*)..").should().beFreeOfCycles().check(domain);
    }
}
