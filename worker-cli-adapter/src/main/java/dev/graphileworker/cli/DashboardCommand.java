package dev.graphileworker.cli;

import static dev.graphileworker.cli.CommandOptions.flag;
import static dev.graphileworker.cli.CommandOptions.isOn;
import static dev.graphileworker.cli.CommandOptions.option;
import static dev.graphileworker.cli.CommandOptions.text;

import dev.graphileworker.api.WorkerException;
import dev.graphileworker.api.admin.QueueAdministration;
import dev.graphileworker.cli.internal.run.ShutdownSignals;
import dev.graphileworker.dashboard.Credentials;
import dev.graphileworker.dashboard.Dashboard;
import dev.graphileworker.dashboard.DashboardServer;
import java.io.IOException;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code graphile-worker dashboard}: serves the web dashboard ({@code worker-dashboard}) until SIGINT
 * or SIGTERM, read-only unless {@code --allow-actions}. On 127.0.0.1 by default; any other address needs
 * credentials (user and password, or a token), taken from an environment variable (never from the
 * command line, where {@code ps} would show them).
 */
final class DashboardCommand extends AdminCommand {

    /** Where the credentials come from unless {@code --auth-env} names another variable. */
    static final String DEFAULT_AUTH_ENV = "GRAPHILE_WORKER_DASHBOARD_AUTH";
    /** Where a token comes from unless {@code --token-env} names another variable. */
    static final String DEFAULT_TOKEN_ENV = "GRAPHILE_WORKER_DASHBOARD_TOKEN";

    private final OptionSpec port = add(option("PORT", Integer.class, String.valueOf(DashboardServer.DEFAULT_PORT),
            "the port to listen on; 0 for any free one (default: ${DEFAULT-VALUE})", "--port"));
    private final OptionSpec host = add(option("HOST", String.class, DashboardServer.DEFAULT_HOST,
            "the address to listen on (default: ${DEFAULT-VALUE}, this machine only); any other needs credentials",
            "--host"));
    private final OptionSpec authEnv = add(option("VAR", String.class, null,
            "the environment variable holding user:password for HTTP basic authentication (default: "
                    + DEFAULT_AUTH_ENV + ", when set)", "--auth-env"));
    private final OptionSpec tokenEnv = add(option("VAR", String.class, null,
            "the environment variable holding a token of 16 or more characters, sent as 'Authorization: Bearer' "
                    + "or as the password of HTTP basic authentication (default: " + DEFAULT_TOKEN_ENV
                    + ", when set)", "--token-env"));
    private final OptionSpec allowActions = add(flag("offer and accept actions (retry, remove, fail permanently, "
            + "unlock), for one job or a filtered set; without it the dashboard only reads the queue",
            "--allow-actions"));

    private Optional<Credentials> credentials = Optional.empty();
    private Optional<Map.Entry<String, ZoneId>> crontab = Optional.empty();

    DashboardCommand(AdminCommand.Context context) {
        super(context, "Serves a web dashboard of the queue (counts, jobs, one job in full, queues, workers, "
                + "crontab) until SIGINT or SIGTERM; read-only unless --allow-actions.");
    }

    @Override
    void check() {
        int portNumber = port.getValue();
        if (portNumber < 0 || portNumber > 65535) {
            throw usage("--port is 0 to 65535, not " + portNumber);
        }
        Optional<Credentials> login = fromEnvironment(authEnv, DEFAULT_AUTH_ENV, value -> {
            try {
                return Credentials.parse(value);
            } catch (IllegalArgumentException malformed) {
                throw new IllegalArgumentException("must hold user:password, both non-empty");
            }
        });
        Optional<Credentials> token = fromEnvironment(tokenEnv, DEFAULT_TOKEN_ENV, value -> {
            try {
                return Credentials.token(value);
            } catch (IllegalArgumentException malformed) {
                throw new IllegalArgumentException("must hold a token of " + Credentials.Token.MIN_LENGTH
                        + " or more characters without white space");
            }
        });
        if (login.isPresent() && token.isPresent()) {
            throw usage("give user:password or a token, not both (both " + DEFAULT_AUTH_ENV + "/--auth-env and "
                    + DEFAULT_TOKEN_ENV + "/--token-env are set)");
        }
        credentials = login.or(() -> token);
        // Read before the database is reached, as a worker reads it: a bad line stops the command here.
        try {
            crontab = context.parent().crontabForDashboard();
        } catch (IOException unreadable) {
            throw new WorkerException("cannot read the crontab: " + unreadable.getMessage());
        }
        try {
            DashboardServer.checkBinding(text(host), credentials);
        } catch (IllegalArgumentException refused) {
            throw usage(refused.getMessage() + " (set " + DEFAULT_AUTH_ENV + " or " + DEFAULT_TOKEN_ENV
                    + ", or name a variable with --auth-env or --token-env)");
        }
    }

    /**
     * Reads credentials from the variable an option names, else from its default variable when set.
     *
     * @param option {@code --auth-env} or {@code --token-env}
     * @param defaultVariable the variable read when the option is not given
     * @param parse makes credentials of the value; its message says what the variable must hold
     * @return the credentials, empty when neither variable is set
     */
    private Optional<Credentials> fromEnvironment(OptionSpec option, String defaultVariable,
            Function<String, Credentials> parse) {
        String variable = text(option);
        String name = variable == null ? defaultVariable : variable;
        String value = context.parent().environmentVariable(name);
        if (value == null || value.isEmpty()) {
            if (variable != null) {
                throw usage(option.longestName() + " " + variable + ": the variable is not set");
            }
            return Optional.empty();
        }
        try {
            return Optional.of(parse.apply(value));
        } catch (IllegalArgumentException malformed) {
            throw usage(name + " " + malformed.getMessage());
        }
    }

    @Override
    int run(QueueAdministration administration) {
        // Installed first: a signal while the server starts would otherwise end the JVM outright.
        ShutdownSignals signals = ShutdownSignals.install(() -> System.exit(GraphileWorkerCommand.EXIT_FAILED));
        CountDownLatch stopped = new CountDownLatch(1);
        DashboardServer server;
        try {
            Dashboard.Builder dashboard = Dashboard.builder(administration).allowActions(isOn(allowActions));
            crontab.ifPresent(given -> dashboard.crontab(given.getKey(), given.getValue()));
            server = DashboardServer.start(dashboard.build(), text(host), port.getValue(),
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
