package dev.graphileworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphileworker.cli.internal.admin.Terminal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code graphile-worker dashboard}'s refusals, before any database is reached: another address
 * without credentials, a variable that is not set or malformed, a bad port. (It serving a queue until
 * SIGTERM is {@code DashboardCommandIT}'s.)
 */
class DashboardCommandTest {

    private final FakeAdministration administration = new FakeAdministration();

    @Test
    void refusesAnotherAddressWithoutCredentials() {
        Result result = run(Map.of(), "dashboard", "--host", "0.0.0.0");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err().lines().findFirst()).hasValueSatisfying(line -> assertThat(line)
                .startsWith("graphile-worker: Refusing to serve the dashboard on 0.0.0.0 without credentials")
                .contains("GRAPHILE_WORKER_DASHBOARD_AUTH"));
        assertThat(administration.calls).isEmpty();
    }

    @Test
    void refusesANamedVariableThatIsNotSet() {
        Result result = run(Map.of(), "dashboard", "--host", "0.0.0.0", "--auth-env", "DASHBOARD_LOGIN");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).startsWith("graphile-worker: --auth-env DASHBOARD_LOGIN: the variable is not set");
    }

    @Test
    void refusesMalformedCredentialsWithoutShowingThem() {
        Result result = run(Map.of("GRAPHILE_WORKER_DASHBOARD_AUTH", "justapassword"), "dashboard");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).startsWith("graphile-worker: GRAPHILE_WORKER_DASHBOARD_AUTH must hold user:password")
                .doesNotContain("justapassword");
    }

    @Test
    void refusesAShortTokenWithoutShowingIt() {
        Result result = run(Map.of("GRAPHILE_WORKER_DASHBOARD_TOKEN", "short-secret"), "dashboard");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).startsWith("graphile-worker: GRAPHILE_WORKER_DASHBOARD_TOKEN must hold a token of 16 "
                + "or more characters").doesNotContain("short-secret");
    }

    @Test
    void refusesBothAPasswordAndAToken() {
        Result result = run(Map.of("GRAPHILE_WORKER_DASHBOARD_AUTH", "ops:secret",
                "DASHBOARD_TOKEN", "0123456789abcdef0123"), "dashboard", "--token-env", "DASHBOARD_TOKEN");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).startsWith("graphile-worker: give user:password or a token, not both");
    }

    @Test
    void refusesABadPort() {
        Result result = run(Map.of(), "dashboard", "--port", "70000");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).startsWith("graphile-worker: --port is 0 to 65535, not 70000");
    }

    @Test
    void helpNamesTheOptions() {
        Result result = run(Map.of(), "dashboard", "--help");
        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("--port", "--host", "--auth-env", "--token-env", "--allow-actions",
                "127.0.0.1");
    }

    private record Result(int status, String out, String err) {
    }

    private Result run(Map<String, String> environment, String... args) {
        CommandLine command = GraphileWorkerCommand.commandLine(new GraphileWorkerCommand(environment,
                (options, resources) -> administration, Terminal.system(), false));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-c", "postgres://nobody@127.0.0.1:1/none"));
        return new Result(command.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }
}
