package dev.graphileworker.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The testkit is an adapter of its own: it implements the domain's ports and uses no other adapter. */
class TestkitArchitectureTest {

    private final JavaClasses testkit = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.graphileworker.testkit");

    @Test
    void testkitDoesNotDependOnOtherAdapters() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("dev.graphileworker.postgres..", "dev.graphileworker.cli..")
                .check(testkit);
    }

    // The PostgreSQL side is worker-testkit-postgres, so that this artifact pulls in no database.
    @Test
    void theTestkitNeedsNoDatabase() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..", "org.postgresql..", "org.testcontainers..",
                        "io.zonky..")
                .check(testkit);
    }
}
