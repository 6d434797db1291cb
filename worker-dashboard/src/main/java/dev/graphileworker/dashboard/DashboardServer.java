package dev.graphileworker.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link Dashboard} on the JDK's own HTTP server ({@code com.sun.net.httpserver}).
 *
 * <p>Safe by default: it listens on {@code 127.0.0.1} unless told otherwise, and refuses to listen on
 * any other address without {@link Credentials}, which it then asks for with HTTP basic authentication
 * (also on the loopback address, when given). Close it to stop.
 */
public final class DashboardServer implements AutoCloseable {

    /** The address listened on by default: this machine only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The port listened on by default. */
    public static final int DEFAULT_PORT = 8080;

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    private static final int THREADS = 4;
    private static final String NO_DELAY = "sun.net.httpserver.nodelay";
    /** The largest form an action sends: a filter and a reason fit many times over. */
    private static final int MAX_FORM_BYTES = 64 * 1024;
    /** The headers the dashboard looks at: where a form came from, and what it is. */
    private static final List<String> PASSED_HEADERS = List.of("Sec-Fetch-Site", "Content-Type");

    private final HttpServer server;
    private final ExecutorService executor;
    private final Dashboard dashboard;
    private final Optional<Credentials> credentials;

    private DashboardServer(HttpServer server, ExecutorService executor, Dashboard dashboard,
            Optional<Credentials> credentials) {
        this.server = server;
        this.executor = executor;
        this.dashboard = dashboard;
        this.credentials = credentials;
    }

    /**
     * Checks that the address may be listened on with these credentials: any address with them, only
     * a loopback address without.
     *
     * @param host the address or host name to listen on
     * @param credentials the credentials, if any
     * @throws IllegalArgumentException saying why not, on one line
     */
    public static void checkBinding(String host, Optional<Credentials> credentials) {
        Objects.requireNonNull(credentials, "credentials");
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException unknown) {
            throw new IllegalArgumentException("Unknown host '" + host + "'");
        }
        if (credentials.isEmpty() && !address.isLoopbackAddress()) {
            throw new IllegalArgumentException("Refusing to serve the dashboard on " + host
                    + " without credentials: give user:password (for HTTP basic authentication) or a token, "
                    + "or listen on 127.0.0.1");
        }
    }

    /**
     * Starts serving.
     *
     * @param dashboard what to serve
     * @param host the address or host name to listen on ({@link #DEFAULT_HOST} for this machine only)
     * @param port the port, 0 for any free one
     * @param credentials the credentials that requests must carry; required unless {@code host} is a
     *     loopback address
     * @return the running server
     * @throws IllegalArgumentException when {@code host} is not a loopback address and no credentials are given
     * @throws IOException when the port cannot be listened on
     */
    public static DashboardServer start(Dashboard dashboard, String host, int port, Optional<Credentials> credentials)
            throws IOException {
        checkBinding(host, credentials);
        // Without it the JDK's server sends a response's body only after the client has acknowledged its
        // headers, which a client delays by up to 40 ms (Nagle's algorithm meeting delayed ACKs). The JDK
        // reads it once, when its server first starts in this process.
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 0);
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, threads());
        DashboardServer running = new DashboardServer(server, executor, dashboard, credentials);
        server.createContext("/", running::exchange);
        server.setExecutor(executor);
        server.start();
        dashboard.prefetch();
        LOG.info("Dashboard on http://{}:{}/{}", hostForUrl(host), running.port(),
                credentials.map(given -> " (" + given.describe() + ")").orElse(""));
        return running;
    }

    /** @return the port listened on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the address of the overview page, such as {@code http://127.0.0.1:8080/} */
    public URI uri() {
        return URI.create("http://" + hostForUrl(server.getAddress().getAddress().getHostAddress()) + ":" + port() + "/");
    }

    /** Stops listening; requests being answered get a second to finish. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (credentials.isPresent()
                    && !credentials.get().acceptsAuthorization(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate",
                        "Basic realm=\"graphile-worker dashboard\", charset=\"UTF-8\"");
                exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                byte[] body = "Authentication required.\n".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(401, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            URI uri = exchange.getRequestURI();
            String method = exchange.getRequestMethod();
            String form = null;
            if (method.equals("POST")) {
                byte[] body = exchange.getRequestBody().readNBytes(MAX_FORM_BYTES + 1);
                if (body.length > MAX_FORM_BYTES) {
                    exchange.sendResponseHeaders(413, -1);
                    return;
                }
                form = new String(body, StandardCharsets.UTF_8);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String name : PASSED_HEADERS) {
                String value = exchange.getRequestHeaders().getFirst(name);
                if (value != null) {
                    headers.put(name, value);
                }
            }
            DashboardResponse response = dashboard.handle(method, uri.getPath(), uri.getRawQuery(), form, headers);
            response.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static ThreadFactory threads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "graphile-worker-dashboard-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
