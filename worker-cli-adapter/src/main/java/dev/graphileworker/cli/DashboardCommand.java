package dev.graphileworker.cli;

import static dev.graphileworker.cli.CommandOptions.option;
import static dev.graphileworker.cli.CommandOptions.text;

import dev.graphileworker.api.WorkerException;
import dev.graphileworker.api.admin.QueueAdministration;
import dev.graphileworker.cli.internal.run.ShutdownSignals;
import dev.graphileworker.dashboard.Credentials;
import dev.graphileworker.dashboard.Dashboard;
import dev.graphileworker.dashboard.DashboardServer;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code graphile-worker dashboard}: serves the read-only web dashboard ({@code worker-dashboard})
 * until SIGINT or SIGTERM. On 127.0.0.1 by default; any other address needs credentials, taken from an
 * environment variable (never from the command line, where {@code ps} would show them).
 */
final class DashboardCommand extends AdminCommand {

    /** Where the credentials come from unless {@code --auth-env} names another variable. */
    static final String DEFAULT_AUTH_ENV = "GRAPHILE_WORKER_DASHBOARD_AUTH";

    private final OptionSpec port = add(option("PORT", Integer.class, String.valueOf(DashboardServer.DEFAULT_PORT),
            "the port to listen on; 0 for any free one (default: ${DEFAULT-VALUE})", "--port"));
    private final OptionSpec host = add(option("HOST", String.class, DashboardServer.DEFAULT_HOST,
            "the address to listen on (default: ${DEFAULT-VALUE}, this machine only); any other needs credentials",
            "--host"));
    private final OptionSpec authEnv = add(option("VAR", String.class, null,
            "the environment variable holding user:password for HTTP basic authentication (default: "
                    + DEFAULT_AUTH_ENV + ", when set)", "--auth-env"));

    private Optional<Credentials> credentials = Optional.empty();

    DashboardCommand(AdminCommand.Context context) {
        super(context, "Serves a read-only web dashboard of the queue (counts, jobs, one job in full, queues, "
                + "workers) until SIGINT or SIGTERM.");
    }

    @Override
    void check() {
        int portNumber = port.getValue();
        if (portNumber < 0 || portNumber > 65535) {
            throw usage("--port is 0 to 65535, not " + portNumber);
        }
        String variable = text(authEnv);
        String name = variable == null ? DEFAULT_AUTH_ENV : variable;
        String value = context.parent().environmentVariable(name);
        if (value == null || value.isEmpty()) {
            if (variable != null) {
                throw usage("--auth-env " + variable + ": the variable is not set");
            }
            credentials = Optional.empty();
        } else {
            try {
                credentials = Optional.of(Credentials.parse(value));
            } catch (IllegalArgumentException malformed) {
                throw usage(name + " must hold user:password, both non-empty");
            }
        }
        try {
            DashboardServer.checkBinding(text(host), credentials);
        } catch (IllegalArgumentException refused) {
            throw usage(refused.getMessage() + " (set " + DEFAULT_AUTH_ENV + " or name a variable with --auth-env)");
        }
    }

    @Override
    int run(QueueAdministration administration) {
        // Installed first: a signal while the server starts would otherwise end the JVM outright.
        ShutdownSignals signals = ShutdownSignals.install(() -> System.exit(GraphileWorkerCommand.EXIT_FAILED));
        CountDownLatch stopped = new CountDownLatch(1);
        DashboardServer server;
        try {
            server = DashboardServer.start(Dashboard.builder(administration).build(), text(host), port.getValue(),
                    credentials);
        } catch (IOException cannotListen) {
            throw new WorkerException("cannot listen on " + text(host) + ":" + port.getValue() + ": "
                    + cannotListen.getMessage());
        }
        try (server) {
            signals.forwardTo(stopped::countDown, () -> System.exit(GraphileWorkerCommand.EXIT_FAILED));
            stopped.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
