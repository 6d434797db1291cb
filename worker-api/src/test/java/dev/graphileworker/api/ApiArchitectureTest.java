package dev.graphileworker.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ApiArchitectureTest {

    private final JavaClasses api = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.graphileworker.api");

    @Test
    void apiDependsOnlyOnTheJdkJacksonAndSlf4j() {
        classes().that().resideOutsideOfPackage("dev.graphileworker.api.metrics..")
                .and().resideOutsideOfPackage("dev.graphileworker.api.tracing..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("dev.graphileworker.api..", "java..", "javax.sql..", "com.fasterxml.jackson..",
                        "org.slf4j..")
                .check(api);
    }

    @Test
    void micrometerStaysInTheMetricsPackageWhichNothingElseNeeds() {
        // Micrometer is optional: only applications that use the metrics package must have it.
        classes().that().resideInAPackage("dev.graphileworker.api.metrics..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("dev.graphileworker.api..", "java..", "com.fasterxml.jackson..", "org.slf4j..",
                        "io.micrometer..")
                .check(api);
        noClasses().that().resideOutsideOfPackage("dev.graphileworker.api.metrics..")
                .should().dependOnClassesThat().resideInAPackage("dev.graphileworker.api.metrics..")
                .check(api);
    }

    @Test
    void openTelemetryStaysInTheTracingPackageWhichNothingElseNeeds() {
        // OpenTelemetry is optional: only applications that trace their jobs must have it.
        classes().that().resideInAPackage("dev.graphileworker.api.tracing..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("dev.graphileworker.api..", "java..", "com.fasterxml.jackson..",
                        "io.opentelemetry..")
                .check(api);
        noClasses().that().resideOutsideOfPackage("dev.graphileworker.api.tracing..")
                .should().dependOnClassesThat().resideInAPackage("dev.graphileworker.api.tracing..")
                .check(api);
    }
}
