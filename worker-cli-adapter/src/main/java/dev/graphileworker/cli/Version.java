package dev.graphileworker.cli;

import java.util.Optional;
import picocli.CommandLine;

/** The version of the jar, and the schema it speaks. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Optional.ofNullable(GraphileWorkerCommand.class.getPackage().getImplementationVersion())
                .orElse("development build");
        return new String[] {"graphile-worker for Java " + version
                + " (schema revision 20, compatible with graphile-worker 0.18)"};
    }
}
