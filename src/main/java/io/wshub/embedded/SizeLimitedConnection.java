package io.wshub.embedded;

import jakarta.websocket.CloseReason;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.ReadHandler;
import org.glassfish.tyrus.spi.Writer;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Tyrus connection whose inbound frames pass a {@link FrameSizeGuard} first: a frame larger than the guard's limit
 * closes the connection with 1009 and is never handed to Tyrus; the rest of it is read and dropped while the
 * {@link LingeringClose} waits. Confined to the connection's reader thread, like the guard; the rest delegates to the
 * thread-safe Tyrus connection.
 */
final class SizeLimitedConnection implements Connection {

    private static final CloseReason TOO_BIG = new CloseReason(CloseReason.CloseCodes.TOO_BIG, "message too big");

    private final Connection delegate;
    private final ReadHandler reader;

    SizeLimitedConnection(Connection delegate, int largestFrame, LingeringClose close) {
        this.delegate = delegate;
        FrameSizeGuard guard = new FrameSizeGuard(largestFrame);
        ReadHandler tyrusReader = delegate.getReadHandler();
        AtomicBoolean refused = new AtomicBoolean();
        this.reader = data -> {
            if (guard.accept(data)) {
                tyrusReader.handle(data);
            } else if (refused.compareAndSet(false, true)) {
                close.linger();
                delegate.close(TOO_BIG);
            }
            // after the refusal, what arrives is read and dropped until the lingering close
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
