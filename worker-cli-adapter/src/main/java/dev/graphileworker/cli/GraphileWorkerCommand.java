package dev.graphileworker.cli;

/** The {@code graphile-worker} command. */
public final class GraphileWorkerCommand {

    private GraphileWorkerCommand() {
    }

    /**
     * Runs the command and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(0);
    }
}
