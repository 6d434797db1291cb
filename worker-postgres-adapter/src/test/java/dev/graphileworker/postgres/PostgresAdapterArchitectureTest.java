package dev.graphileworker.postgres;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The adapter points inward (domain, API) and never at another adapter. */
class PostgresAdapterArchitectureTest {

    private final JavaClasses adapter = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.graphileworker.postgres");

    @Test
    void adapterDoesNotDependOnOtherAdapters() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("dev.graphileworker.testkit..", "dev.graphileworker.cli..")
                .check(adapter);
    }

    @Test
    void daggerStaysInTheWiringPackage() {
        noClasses().that().resideOutsideOfPackage("dev.graphileworker.postgres.internal.wiring..")
                .should().dependOnClassesThat().resideInAnyPackage("dagger..", "jakarta.inject..")
                .check(adapter);
    }

    @Test
    void adapterPackagesAreFreeOfCycles() {
        slices().matching("dev.graphileworker.postgres.internal.(*)..").should().beFreeOfCycles().check(adapter);
    }
}
