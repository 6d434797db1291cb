package dev.graphileworker.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The command line is an adapter on the public API: it finds the storage adapter through
 * {@code ServiceLoader} and never reaches into it, the domain or the testkit.
 */
class CliArchitectureTest {

    private final JavaClasses cli = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.graphileworker.cli");

    @Test
    void usesOnlyThePublicApi() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.graphileworker.postgres..",
                "dev.graphileworker.domain..", "dev.graphileworker.testkit..").check(cli);
    }

    @Test
    void speaksNoSql() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..").check(cli);
    }

    @Test
    void internalPackagesAreFreeOfCycles() {
        slices().matching("dev.graphileworker.cli.internal.(*)..").should().beFreeOfCycles().check(cli);
    }
}
