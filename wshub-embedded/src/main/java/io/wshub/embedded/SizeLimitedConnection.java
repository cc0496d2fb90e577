package io.wshub.embedded;

import jakarta.websocket.CloseReason;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.ReadHandler;
import org.glassfish.tyrus.spi.Writer;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Tyrus connection whose inbound frames pass a {@link FrameGuard} first: a frame larger than the guard's limit
 * closes the connection with 1009, an unmasked one with 1002, and neither is handed to Tyrus. Once Tyrus has asked to
 * close the socket, what still arrives is read and dropped while the {@link LingeringWriter} waits for the peer to
 * finish. Confined to the
 * connection's reader thread, like the guard; the rest delegates to the thread-safe Tyrus connection.
 */
final class SizeLimitedConnection implements Connection {

    private static final CloseReason TOO_BIG = new CloseReason(CloseReason.CloseCodes.TOO_BIG, "message too big");
    private static final CloseReason UNMASKED =
            new CloseReason(CloseReason.CloseCodes.PROTOCOL_ERROR, "client frames must be masked");

    private final Connection delegate;
    private final ReadHandler reader;

    SizeLimitedConnection(Connection delegate, int largestFrame, LingeringWriter writer) {
        this.delegate = delegate;
        FrameGuard guard = new FrameGuard(largestFrame);
        ReadHandler tyrusReader = delegate.getReadHandler();
        AtomicBoolean refused = new AtomicBoolean();
        this.reader = data -> {
            boolean withinLimit = guard.accept(data);
            if (guard.closeFrameSeen()) {
                // before Tyrus reads the close frame and answers it, so that the answer closes the socket at once
                writer.peerFinished();
            }
            if (writer.isClosing()) {
                return;
            }
            if (withinLimit) {
                tyrusReader.handle(data);
            } else if (refused.compareAndSet(false, true)) {
                delegate.close(guard.sawUnmaskedFrame() ? UNMASKED : TOO_BIG);
            }
        };
    }

    @Override
    public ReadHandler getReadHandler() {
        return reader;
    }

    @Override
    public Writer getWriter() {
        return delegate.getWriter();
    }

    @Override
    public CloseListener getCloseListener() {
        return delegate.getCloseListener();
    }

    @Override
    public void close(CloseReason reason) {
        delegate.close(reason);
    }
}
