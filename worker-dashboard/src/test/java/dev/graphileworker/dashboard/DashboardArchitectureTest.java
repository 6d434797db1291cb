package dev.graphileworker.dashboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The dashboard works through the public API only: no domain, no adapter, no testkit, no SQL. */
class DashboardArchitectureTest {

    private final JavaClasses dashboard = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.graphileworker.dashboard");

    @Test
    void usesOnlyThePublicApi() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.graphileworker.postgres..",
                "dev.graphileworker.domain..", "dev.graphileworker.testkit..", "dev.graphileworker.cli..",
                "dev.graphileworker.spring..").check(dashboard);
    }

    @Test
    void speaksNoSql() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..").check(dashboard);
    }
}
