package dev.graphileworker.cli.internal.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the embedded PostgreSQL's binaries are: zonky's jar for this platform in {@code lib/postgres}
 * beside the command's jar, as the distribution archive for the platform carries it (the archive
 * without binaries has none), else on the class path (a run from an IDE, where zonky's jars are
 * dependencies). The jar is used as published; it is never on the class path in the distribution.
 */
public final class PostgresBinaries {

    /** The binaries' jar of each platform, by archive suffix; written by the build. */
    private static final String FILE_NAMES = "postgres-binaries.properties";

    private final URL binaries;

    private PostgresBinaries(URL binaries) {
        this.binaries = binaries;
    }

    /**
     * @return this platform's binaries
     * @throws IllegalStateException saying which archive has them, when this installation has none
     */
    public static PostgresBinaries find() {
        Platform platform = Platform.current();
        return find(platform, commandFolder().map(folder -> folder.resolve("postgres")),
                PostgresBinaries.class.getClassLoader())
                .orElseThrow(() -> new IllegalStateException(missing(platform)));
    }

    /**
     * @param platform the platform to find binaries for
     * @param folder {@code lib/postgres}, when the command runs from a jar
     * @param classPath where else to look
     */
    static Optional<PostgresBinaries> find(Platform platform, Optional<Path> folder, ClassLoader classPath) {
        Optional<String> suffix = platform.archiveSuffix();
        if (suffix.isEmpty()) {
            return Optional.empty();
        }
        Optional<Path> jar = folder.flatMap(postgres -> fileName(suffix.get()).map(postgres::resolve))
                .filter(Files::isRegularFile);
        if (jar.isPresent()) {
            try {
                return Optional.of(new PostgresBinaries(
                        new URL("jar:" + jar.get().toUri() + "!/" + platform.binariesEntry())));
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
        return Optional.ofNullable(classPath.getResource(platform.binariesEntry())).map(PostgresBinaries::new);
    }

    /** The one-line reason, naming the archive that has this platform's binaries if there is one. */
    static String missing(Platform platform) {
        return "no database given and this distribution has no embedded PostgreSQL for " + platform.displayName()
                + ": pass -c or DATABASE_URL" + platform.archiveSuffix()
                        .map(suffix -> ", or use the " + suffix + " archive").orElse("");
    }

    /** @return the compressed binaries, for zonky to unpack */
    InputStream open() throws IOException {
        return binaries.openStream();
    }

    @Override
    public String toString() {
        return binaries.toString();
    }

    private static Optional<String> fileName(String suffix) {
        Properties names = new Properties();
        try (InputStream in = PostgresBinaries.class.getResourceAsStream(FILE_NAMES)) {
            if (in == null) {
                return Optional.empty();
            }
            names.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.ofNullable(names.getProperty(suffix));
    }

    /** @return the folder of the jar this class was loaded from ({@code lib}), if it was a jar */
    private static Optional<Path> commandFolder() {
        CodeSource source = PostgresBinaries.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(location) ? Optional.ofNullable(location.getParent()) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
