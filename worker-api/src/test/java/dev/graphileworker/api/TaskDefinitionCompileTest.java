package dev.graphileworker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;

/**
 * What typed task definitions are for: a payload of the wrong type does not compile. Each case compiles
 * a small application with the JDK's compiler against this module's classes: with the right payloads it
 * compiles cleanly (so the source and class path are sound), and each wrong statement put in it alone
 * gives one error, on its own line.
 */
class TaskDefinitionCompileTest {

    /** Where a statement under test goes: line {@value #STATEMENT_LINE} of the source. */
    private static final String TEMPLATE = """
            import dev.graphileworker.api.*;
            import java.sql.Connection;
            import java.util.List;
            class App {
                record SendEmail(String to) {}
                static final TaskDefinition<SendEmail> SEND_EMAIL = TaskDefinition.of("send_email", SendEmail.class);
                void enqueue(JobAdmin admin, WorkerUtils utils, Connection connection, JobHelpers helpers,
                        RunningWorker worker, TaskList.Builder tasks) {
                    %s
                }
            }
            """;
    private static final int STATEMENT_LINE = 9;

    private static final String RIGHT = String.join(" ",
            "admin.addJob(SEND_EMAIL, new SendEmail(\"a@b.c\"));",
            "admin.addJob(SEND_EMAIL, new SendEmail(\"a@b.c\"), AddJobOptions.defaults());",
            "admin.addJob(SEND_EMAIL, null);",
            "utils.addJob(connection, SEND_EMAIL, new SendEmail(\"a@b.c\"), AddJobOptions.defaults());",
            "helpers.addJob(SEND_EMAIL, new SendEmail(\"a@b.c\"), AddJobOptions.defaults());",
            "worker.addJob(SEND_EMAIL, new SendEmail(\"a@b.c\"), AddJobOptions.defaults());",
            "admin.addJobs(List.of(JobSpec.of(SEND_EMAIL, new SendEmail(\"a@b.c\"))), false);",
            "tasks.task(SEND_EMAIL, (email, h) -> email.to().length());");

    @TempDir
    Path classes;

    @Test
    void rightPayloadsCompile() {
        assertThat(compile(RIGHT)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "admin.addJob(SEND_EMAIL, \"oops\");",
            "admin.addJob(SEND_EMAIL, \"oops\", AddJobOptions.defaults());",
            "utils.addJob(connection, SEND_EMAIL, \"oops\", AddJobOptions.defaults());",
            "utils.addJob(SEND_EMAIL, 42);",
            "helpers.addJob(SEND_EMAIL, java.util.Map.of(\"to\", \"a@b.c\"), AddJobOptions.defaults());",
            "worker.addJob(SEND_EMAIL, new Object(), AddJobOptions.defaults());",
            "JobSpec.of(SEND_EMAIL, \"oops\");",
            "JobSpec.of(SEND_EMAIL, \"oops\", AddJobOptions.defaults());",
            "tasks.task(SEND_EMAIL, (String email, JobHelpers h) -> { });"})
    void wrongPayloadDoesNotCompile(String statement) {
        List<Diagnostic<? extends JavaFileObject>> errors = compile(statement);

        assertThat(errors).as("errors of: %s", statement).singleElement().satisfies(error -> {
            assertThat(error.getLineNumber()).isEqualTo(STATEMENT_LINE);
            assertThat(error.getMessage(Locale.ROOT)).containsAnyOf(
                    "incompatible types", "no suitable method", "cannot be applied", "incompatible parameter types");
        });
    }

    /** Compiles the template with {@code statements} in it; returns its errors. */
    private List<Diagnostic<? extends JavaFileObject>> compile(String statements) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertThat(compiler).as("the JDK's compiler (tests run on a JDK)").isNotNull();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject source = new SimpleJavaFileObject(URI.create("string:///App.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return TEMPLATE.formatted(statements);
            }
        };
        List<String> options = List.of("-classpath", classPath(), "-d", classes.toString(), "-proc:none",
                "-Xlint:none");
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            Boolean compiled = compiler.getTask(null, files, diagnostics, options, null, List.of(source)).call();
            List<Diagnostic<? extends JavaFileObject>> errors = diagnostics.getDiagnostics().stream()
                    .filter(diagnostic -> diagnostic.getKind() == Diagnostic.Kind.ERROR).toList();
            assertThat(compiled).as("compiled, given the errors %s", errors).isEqualTo(errors.isEmpty());
            return errors;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** This module's classes and what their signatures name (Jackson, SLF4J), wherever the build put them. */
    private static String classPath() {
        return String.join(File.pathSeparator, Stream.of(TaskDefinition.class, JsonNode.class, Logger.class)
                .map(TaskDefinitionCompileTest::location).toList());
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
