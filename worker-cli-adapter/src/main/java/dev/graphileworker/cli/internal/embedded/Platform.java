package dev.graphileworker.cli.internal.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The operating system and processor the command runs on, as the embedded PostgreSQL's binaries are
 * named: zonky's {@code postgres-<os>-<arch>[-<distribution>].txz} inside the distribution's
 * {@code lib/postgres/*.jar}, and the suffix of the distribution archive that carries them.
 *
 * @param os {@code linux}, {@code darwin}, {@code windows}, or another system's name in lower case
 * @param arch {@code amd64}, {@code arm64}, or another processor's name as Java reports it
 * @param alpine a Linux with musl (Alpine), which needs binaries of its own
 */
record Platform(String os, String arch, boolean alpine) {

    /** @return the platform of this JVM */
    static Platform current() {
        return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""),
                Files.exists(Path.of("/etc/alpine-release")));
    }

    /**
     * @param osName the {@code os.name} system property
     * @param osArch the {@code os.arch} system property
     * @param alpineRelease whether {@code /etc/alpine-release} exists
     */
    static Platform of(String osName, String osArch, boolean alpineRelease) {
        String name = osName.toLowerCase(Locale.ROOT);
        String os = name.startsWith("linux") ? "linux"
                : name.startsWith("mac") || name.startsWith("darwin") ? "darwin"
                : name.startsWith("windows") ? "windows"
                : name.replaceAll("[^a-z0-9]+", "");
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> osArch.toLowerCase(Locale.ROOT);
        };
        return new Platform(os, arch, os.equals("linux") && alpineRelease);
    }

    /** @return how messages name it: {@code linux/arm64}, {@code linux/amd64 (Alpine)} */
    String displayName() {
        return os + "/" + arch + (alpine ? " (Alpine)" : "");
    }

    /**
     * @return the suffix of the distribution archive with this platform's PostgreSQL, for example
     *     {@code linux-arm64}; empty when zonky publishes no binaries for it
     */
    Optional<String> archiveSuffix() {
        boolean supported = switch (os) {
            case "linux", "darwin" -> arch.equals("amd64") || arch.equals("arm64");
            case "windows" -> arch.equals("amd64");
            default -> false;
        };
        if (!supported || alpine && !arch.equals("amd64")) {
            return Optional.empty();
        }
        return Optional.of(os + "-" + arch + (alpine ? "-alpine" : ""));
    }

    /** @return the name of the binaries' file inside zonky's jar, for example {@code postgres-linux-arm_64.txz} */
    String binariesEntry() {
        String zonkyArch = switch (arch) {
            case "amd64" -> "x86_64";
            case "arm64" -> "arm_64";
            default -> arch;
        };
        return "postgres-" + os + "-" + zonkyArch + (alpine ? "-alpine_linux" : "") + ".txz";
    }
}
