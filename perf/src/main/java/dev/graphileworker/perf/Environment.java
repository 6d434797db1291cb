package dev.graphileworker.perf;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/** What the figures were measured on, printed above the table: without it they mean little. */
final class Environment {

    /** The settings that move these figures most. */
    private static final List<String> SETTINGS = List.of("shared_buffers", "work_mem", "synchronous_commit",
            "fsync", "wal_level", "max_wal_size", "max_connections", "jit", "autovacuum");

    private Environment() {
    }

    static Map<String, String> describe(PostgresServer server, Layout layout, Path pgbench, String mode,
            Optional<Path> workerJdk) throws Exception {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("date", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
        environment.put("mode", mode);
        try (Connection connection = server.connect("postgres"); Statement statement = connection.createStatement()) {
            try (ResultSet version = statement.executeQuery("select version()")) {
                version.next();
                environment.put("PostgreSQL", version.getString(1) + " at " + server.host() + ":" + server.port());
            }
            StringJoiner settings = new StringJoiner(", ");
            for (String setting : SETTINGS) {
                try (ResultSet value = statement.executeQuery("select current_setting('" + setting + "')")) {
                    value.next();
                    settings.add(setting + "=" + value.getString(1));
                }
            }
            environment.put("PostgreSQL settings", settings.toString());
        }
        environment.put("CPUs", Runtime.getRuntime().availableProcessors() + " (" + cpuModel() + ")");
        environment.put("memory", memory());
        String harness = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        environment.put("JVM", workerJdk.isEmpty() ? harness + "; our worker runs it with the flags of bin/graphile-worker"
                : harness + " (the harness); our worker runs " + jdkVersion(workerJdk.get()) + " at " + workerJdk.get()
                        + " with the flags of bin/graphile-worker");
        environment.put("Node.js", output(List.of("node", "--version")) + ", graphile-worker "
                + nodeWorkerVersion(layout));
        environment.put("pgbench", output(List.of(pgbench.toString(), "--version")));
        environment.put("load average at start", loadAverage());
        return environment;
    }

    private static String jdkVersion(Path home) throws IOException {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return "a JDK";
        }
        return Files.readAllLines(release).stream().filter(line -> line.startsWith("JAVA_RUNTIME_VERSION="))
                .map(line -> "JDK " + line.substring(line.indexOf('=') + 1).replace("\"", "")).findFirst()
                .orElse("a JDK");
    }

    /** Other work on the machine skews every figure; the load average at both ends shows how much there was. */
    static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
        return fields[0] + " " + fields[1] + " " + fields[2] + " (1, 5, 15 min)";
    }

    private static String cpuModel() throws IOException {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("unknown model");
    }

    private static String memory() throws IOException {
        return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(line -> line.startsWith("MemTotal:"))
                .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / (1024 * 1024) + " GiB")
                .findFirst().orElse("unknown");
    }

    private static String nodeWorkerVersion(Layout layout) throws IOException {
        Path manifest = layout.nodeWorkerCommand().getParent().getParent().resolve("graphile-worker/package.json");
        return new ObjectMapper().readTree(manifest.toFile()).path("version").asText();
    }

    private static String output(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor();
        return text;
    }
}
