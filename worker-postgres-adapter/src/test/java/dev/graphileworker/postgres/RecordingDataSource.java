package dev.graphileworker.postgres;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * A data source that hands out the connections of another and records what it handed out: how many
 * connections, their server process ids, and the SQL run through their plain statements (where the
 * worker's LISTEN runs).
 */
final class RecordingDataSource implements DataSource {

    private final DataSource target;
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Integer> backendPids = ConcurrentHashMap.newKeySet();
    private final List<String> plainStatements = new CopyOnWriteArrayList<>();

    RecordingDataSource(DataSource target) {
        this.target = target;
    }

    /** @return how many connections it handed out */
    int connections() {
        return connections.get();
    }

    /** @return the server process ids of the connections it handed out */
    Set<Integer> backendPids() {
        return Set.copyOf(backendPids);
    }

    /** @return the SQL run by {@code Statement.execute} on its connections, in order */
    List<String> plainStatements() {
        return List.copyOf(plainStatements);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return recorded(target.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return recorded(target.getConnection(username, password));
    }

    private Connection recorded(Connection connection) throws SQLException {
        connections.incrementAndGet();
        backendPids.add(connection.unwrap(PGConnection.class).getBackendPID());
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                delegating(connection, (method, result) -> method.getName().equals("createStatement")
                        ? Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class},
                                delegating(result, (statementMethod, ignored) -> ignored, this::recordExecute))
                        : result, (method, args) -> { }));
    }

    private void recordExecute(Method method, Object[] args) {
        if (method.getName().equals("execute") && args != null && args.length >= 1 && args[0] instanceof String sql) {
            plainStatements.add(sql);
        }
    }

    private interface ResultWrapper {
        Object wrap(Method method, Object result);
    }

    private interface CallObserver {
        void observe(Method method, Object[] args);
    }

    private static InvocationHandler delegating(Object target, ResultWrapper wrapper, CallObserver observer) {
        return (proxy, method, args) -> {
            observer.observe(method, args);
            try {
                return wrapper.wrap(method, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return target.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return target.isWrapperFor(type);
    }
}
