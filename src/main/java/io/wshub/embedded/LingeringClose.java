package io.wshub.embedded;

import jakarta.websocket.CloseReason;
import org.glassfish.tyrus.spi.Connection;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Tyrus's request to close the TCP connection, delayed a little once a frame was refused for its size. Closing a
 * socket while megabytes of the refused frame are still unread makes the kernel answer with a reset, and the peer,
 * still writing, loses the 1009 close frame before it reads it. While it lingers, the {@link SizeLimitedConnection}
 * reads and discards what arrives. Thread-safe: a volatile flag.
 */
final class LingeringClose implements Connection.CloseListener {

    private static final Duration LINGER = Duration.ofSeconds(2);

    private final Connection.CloseListener transport;
    private volatile boolean lingering;

    LingeringClose(Connection.CloseListener transport) {
        this.transport = transport;
    }

    /** From now on, a close waits {@link #LINGER} before it reaches the transport. */
    void linger() {
        lingering = true;
    }

    @Override
    public void close(CloseReason reason) {
        if (lingering) {
            CompletableFuture.delayedExecutor(LINGER.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> transport.close(reason));
        } else {
            transport.close(reason);
        }
    }
}
