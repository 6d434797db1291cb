package dev.graphileworker.interop;

import dev.graphileworker.testkit.postgres.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code graphile_worker} schema of a database as {@code pg_dump --schema-only} prints it, with
 * what may differ between two correct installs set aside: function bodies (each runtime writes its
 * own SQL; the signature, language and attributes stay), comments, session settings and psql
 * meta-commands. The migration ledger's ids and breaking flags follow, since they are part of what
 * the other runtime reads.
 */
final class SchemaDump {

    private static final Pattern PG_DUMP_VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)");
    private static final Pattern BODY_START = Pattern.compile("^(\\s*AS )(\\$[A-Za-z0-9_]*\\$)(.*)$");
    private static final long TIMEOUT_SECONDS = 120;

    private final Path pgDump;

    private SchemaDump(Path pgDump) {
        this.pgDump = pgDump;
    }

    /**
     * Finds a pg_dump that can dump the database's server: the same major version preferably, else
     * the closest newer one (pg_dump refuses servers newer than itself).
     *
     * @throws AssertionError naming the server version and every pg_dump found, when none fits
     */
    static SchemaDump forServerOf(TestDatabase database) throws IOException, SQLException, InterruptedException {
        int serverMajor = Integer.parseInt(database.text("select current_setting('server_version_num')::int / 10000"));
        List<String> found = new ArrayList<>();
        Path best = null;
        int bestMajor = Integer.MAX_VALUE;
        for (Path candidate : candidates(serverMajor)) {
            Optional<Integer> major = majorVersion(candidate);
            found.add(candidate + " (" + major.map(String::valueOf).orElse("version unknown") + ")");
            if (major.isPresent() && major.get() >= serverMajor && major.get() < bestMajor) {
                best = candidate;
                bestMajor = major.get();
            }
        }
        if (best == null) {
            throw new AssertionError("No pg_dump can dump the test database's PostgreSQL " + serverMajor
                    + " server (" + database.source() + "): it needs pg_dump " + serverMajor + " or newer. Found: "
                    + (found.isEmpty() ? "none on PATH or in /usr/lib/postgresql/*/bin" : String.join(", ", found))
                    + ". Install the PostgreSQL client tools, or point TEST_DATABASE_URL at a server they can dump.");
        }
        return new SchemaDump(best);
    }

    /** @return the normalised dump of the schema, followed by the migration ledger */
    List<String> of(TestDatabase database) throws IOException, InterruptedException, SQLException {
        List<String> lines = normalise(dump(database));
        lines.add("-- migration ledger (id, breaking)");
        for (List<String> row : database.rows("select id, breaking from graphile_worker.migrations order by id")) {
            lines.add(String.join(" ", row));
        }
        return lines;
    }

    /** Drops what may differ between two correct installs; function bodies become {@code <body>}. */
    static List<String> normalise(String dump) {
        List<String> lines = new ArrayList<>();
        String openBody = null;
        for (String line : dump.split("\n")) {
            if (openBody != null) {
                int end = line.indexOf(openBody);
                if (end >= 0) {
                    lines.add("    AS " + openBody + "<body>" + openBody + line.substring(end + openBody.length()));
                    openBody = null;
                }
                continue;
            }
            Matcher body = BODY_START.matcher(line);
            if (body.matches()) {
                String tag = body.group(2);
                String rest = body.group(3);
                int end = rest.indexOf(tag);
                if (end >= 0) {
                    lines.add(body.group(1) + tag + "<body>" + tag + rest.substring(end + tag.length()));
                } else {
                    openBody = tag;
                }
                continue;
            }
            if (line.isBlank() || line.startsWith("--") || line.startsWith("SET ") || line.startsWith("\\")
                    || line.startsWith("SELECT pg_catalog.set_config(")) {
                continue;
            }
            lines.add(line);
        }
        return lines;
    }

    private String dump(TestDatabase database) throws IOException, InterruptedException {
        URI server = URI.create(database.jdbcUrl().substring("jdbc:".length()));
        String host = server.getHost().replace("[", "").replace("]", "");
        List<String> command = List.of(pgDump.toString(), "--schema-only", "--schema=graphile_worker", "--no-password",
                "--host=" + host, "--port=" + (server.getPort() < 0 ? 5432 : server.getPort()),
                "--username=" + database.user(), "--dbname=" + database.databaseName());
        ProcessBuilder builder = new ProcessBuilder(command);
        // Through the environment, not the command line, where anyone on the machine could read it.
        builder.environment().put("PGPASSWORD", database.password());
        File errors = File.createTempFile("pg_dump", ".err");
        builder.redirectError(errors);
        Process process = builder.start();
        process.getOutputStream().close();
        String output;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(pgDump + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(pgDump + " failed with code " + process.exitValue() + ":\n"
                        + Files.readString(errors.toPath()));
            }
        } finally {
            Files.deleteIfExists(errors.toPath());
        }
        return output;
    }

    private static Set<Path> candidates(int serverMajor) throws IOException {
        Set<Path> candidates = new LinkedHashSet<>();
        Path installed = Paths.get("/usr/lib/postgresql");
        addIfExecutable(candidates, installed.resolve(String.valueOf(serverMajor)).resolve("bin/pg_dump"));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String directory : path.split(File.pathSeparator)) {
                if (!directory.isEmpty()) {
                    addIfExecutable(candidates, Paths.get(directory, "pg_dump"));
                }
            }
        }
        if (Files.isDirectory(installed)) {
            List<Path> versions = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(installed)) {
                entries.forEach(versions::add);
            }
            versions.sort(Comparator.naturalOrder());
            versions.forEach(version -> addIfExecutable(candidates, version.resolve("bin/pg_dump")));
        }
        return candidates;
    }

    private static void addIfExecutable(Set<Path> candidates, Path file) {
        // Kept as found, not resolved: Debian's /usr/bin/pg_dump links to a wrapper that needs its name.
        if (Files.isRegularFile(file) && Files.isExecutable(file)) {
            candidates.add(file);
        }
    }

    private static Optional<Integer> majorVersion(Path pgDump) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(pgDump.toString(), "--version").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Matcher version = PG_DUMP_VERSION.matcher(output);
            return version.find() ? Optional.of(Integer.parseInt(version.group(1))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
