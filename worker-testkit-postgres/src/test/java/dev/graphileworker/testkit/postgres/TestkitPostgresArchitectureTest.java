package dev.graphileworker.testkit.postgres;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The test database extension stands beside the adapters, never on them, and touches each optional
 * fallback library from one class only, which is loaded only when that library is present.
 */
class TestkitPostgresArchitectureTest {

    private final JavaClasses testkit = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.graphileworker.testkit.postgres");

    @Test
    void usesNoAdapterAndNoDomain() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("dev.graphileworker.postgres..", "dev.graphileworker.cli..",
                        "dev.graphileworker.domain..")
                .check(testkit);
    }

    @Test
    void onlyTheTestcontainersSourceUsesTestcontainers() {
        noClasses().that().doNotHaveSimpleName("TestcontainersSource")
                .should().dependOnClassesThat().resideInAnyPackage("org.testcontainers..")
                .check(testkit);
    }

    @Test
    void onlyTheEmbeddedSourceUsesTheEmbeddedPostgres() {
        noClasses().that().doNotHaveSimpleName("EmbeddedPostgresSource")
                .should().dependOnClassesThat().resideInAnyPackage("io.zonky..")
                .check(testkit);
    }
}
