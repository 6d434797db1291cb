package dev.graphileworker.postgres.internal.connection;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.function.IntSupplier;
import javax.net.SocketFactory;

/**
 * Sockets for the PostgreSQL driver that hand over notifications a millisecond sooner.
 *
 * <p>After the driver has read a notification, it asks whether another message is waiting before it
 * returns: it sets the socket's read timeout to 1 ms and tries to read. When nothing else came (the
 * usual case: one job, one notification), that read blocks for the whole millisecond, plus the
 * system's timer slack, every time, so every job heard through LISTEN started over a millisecond
 * later than it could. On these sockets a read with a 1-ms timeout answers at once when no byte is
 * waiting, with the same {@link SocketTimeoutException} the driver expects after the millisecond;
 * every other read, and every read that finds bytes waiting, is the socket's own. Only that check
 * sets a timeout of 1 ms (the driver's other timeouts are whole seconds), so nothing else changes.
 *
 * <p>The driver makes this factory itself from the {@code socketFactory} connection property, by the
 * class name, so it must stay public with a constructor without arguments.
 */
public final class PromptNotificationSocketFactory extends SocketFactory {

    /** The read timeout with which the driver checks whether another message is waiting. */
    static final int DRIVER_PEEK_TIMEOUT_MILLIS = 1;

    /** Made by the driver, from the class name. */
    public PromptNotificationSocketFactory() {
    }

    /**
     * @return the value of the driver's {@code socketFactory} property that selects these sockets
     */
    public static String propertyValue() {
        return PromptNotificationSocketFactory.class.getName();
    }

    @Override
    public Socket createSocket() {
        return new PromptSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(null, new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(localAddress, localPort), new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(null, new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(localAddress, localPort), new InetSocketAddress(host, port));
    }

    /** A socket bound to {@code local} (any address when null) and connected, or closed again. */
    private Socket connected(InetSocketAddress local, InetSocketAddress remote) throws IOException {
        Socket socket = createSocket();
        try {
            if (local != null) {
                socket.bind(local);
            }
            socket.connect(remote);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** A plain socket whose input remembers the read timeout currently set. */
    private static final class PromptSocket extends Socket {
        private volatile int readTimeoutMillis;
        private InputStream input;

        @Override
        public synchronized void setSoTimeout(int timeout) throws SocketException {
            super.setSoTimeout(timeout);
            readTimeoutMillis = timeout;
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (input == null) {
                input = new NoWaitPeekInput(super.getInputStream(), () -> readTimeoutMillis);
            }
            return input;
        }
    }

    /** The input of a socket, where a read with the driver's peek timeout never waits. */
    static final class NoWaitPeekInput extends FilterInputStream {
        private final IntSupplier readTimeoutMillis;

        NoWaitPeekInput(InputStream socketInput, IntSupplier readTimeoutMillis) {
            super(socketInput);
            this.readTimeoutMillis = readTimeoutMillis;
        }

        @Override
        public int read() throws IOException {
            answerPeekAtOnce();
            return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            answerPeekAtOnce();
            return in.read(buffer, offset, length);
        }

        private void answerPeekAtOnce() throws IOException {
            if (readTimeoutMillis.getAsInt() == DRIVER_PEEK_TIMEOUT_MILLIS && in.available() == 0) {
                throw new SocketTimeoutException("Nothing waiting to be read");
            }
        }
    }
}
