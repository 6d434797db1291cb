package dev.graphileworker.postgres.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphileworker.postgres.internal.connection.PromptNotificationSocketFactory.NoWaitPeekInput;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The socket input behind {@link PromptNotificationSocketFactory}: the driver's 1-ms check for a
 * further message answers at once when nothing is waiting, and no other read changes.
 */
class NoWaitPeekInputTest {

    @Test
    void aReadWithTheDriversPeekTimeoutAndNothingWaitingTimesOutWithoutReadingTheSocket() {
        SocketInput socket = new SocketInput(0);
        NoWaitPeekInput input = new NoWaitPeekInput(socket, () -> 1);

        assertThatThrownBy(() -> input.read(new byte[8], 0, 8)).isInstanceOf(SocketTimeoutException.class);
        assertThatThrownBy(input::read).isInstanceOf(SocketTimeoutException.class);
        assertThat(socket.reads.get()).as("reads that would have waited for the timeout").isZero();
    }

    @Test
    void aReadWithTheDriversPeekTimeoutReadsWhatIsWaiting() throws Exception {
        SocketInput socket = new SocketInput(3);
        NoWaitPeekInput input = new NoWaitPeekInput(socket, () -> 1);

        byte[] buffer = new byte[8];
        assertThat(input.read(buffer, 0, 8)).isEqualTo(3);
        assertThat(buffer).startsWith('A', 'A', 'A');
        assertThat(socket.reads.get()).isEqualTo(1);
    }

    @Test
    void readsWithAnyOtherTimeoutWaitOnTheSocketAsUsual() throws Exception {
        for (int timeout : new int[] {0, 2, 500, 30_000}) {
            // Nothing waiting yet: the socket's read is what waits for the next message.
            SocketInput socket = new SocketInput(0);
            NoWaitPeekInput input = new NoWaitPeekInput(socket, () -> timeout);

            assertThat(input.read()).as("timeout %d ms", timeout).isEqualTo('A');
            assertThat(input.read(new byte[4], 0, 4)).as("timeout %d ms", timeout).isEqualTo(4);
            assertThat(socket.reads.get()).as("timeout %d ms", timeout).isEqualTo(2);
        }
    }

    /** Stands for a socket's input: says how many bytes wait, and any read returns message bytes. */
    private static final class SocketInput extends InputStream {
        private final int waiting;
        private final AtomicInteger reads = new AtomicInteger();

        SocketInput(int waiting) {
            this.waiting = waiting;
        }

        @Override
        public int available() {
            return waiting;
        }

        @Override
        public int read() {
            reads.incrementAndGet();
            return 'A';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            reads.incrementAndGet();
            int count = waiting > 0 ? Math.min(length, waiting) : length;
            Arrays.fill(buffer, offset, offset + count, (byte) 'A');
            return count;
        }
    }
}
