package io.wshub.embedded;

import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.Writer;
import org.glassfish.tyrus.spi.WriterInfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The transport's writer, whose {@link #close()} waits for the peer to finish sending.
 * <p>
 * Tyrus closes the socket as soon as its own close frame is written. When the server started the close (1009 for an
 * oversize message, 1013, 1001…) the peer may still be sending: closing a socket with unread data makes the kernel
 * answer with a reset, and a peer still writing fails its write before it reads the close frame — it sees an abnormal
 * closure (1006) instead of the code it was sent. So the close waits until the peer's own close frame arrives (or it
 * closes the connection, which closes this one too), and at most {@code linger}; meanwhile
 * {@link SizeLimitedConnection} reads and drops whatever arrives. A close that answers the peer's close frame happens
 * at once. Thread-safe: volatile flags and a one-time close.
 */
final class LingeringWriter extends Writer {

    static final Duration LINGER = Duration.ofSeconds(2);

    private final Writer transport;
    private final Duration linger;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean closeRequested;
    private volatile boolean peerFinished;

    LingeringWriter(Writer transport, Duration linger) {
        this.transport = transport;
        this.linger = linger;
    }

    @Override
    public void write(ByteBuffer buffer, CompletionHandler<ByteBuffer> completionHandler) {
        transport.write(buffer, completionHandler);
    }

    @Override
    public void write(ByteBuffer buffer, CompletionHandler<ByteBuffer> completionHandler, WriterInfo writerInfo) {
        transport.write(buffer, completionHandler, writerInfo);
    }

    @Override
    public void close() {
        closeRequested = true;
        if (peerFinished) {
            closeTransport();
        } else {
            CompletableFuture.delayedExecutor(linger.toMillis(), TimeUnit.MILLISECONDS).execute(this::closeTransport);
        }
    }

    /** Whether Tyrus has asked to close: what the peer sends from now on is dropped. */
    boolean isClosing() {
        return closeRequested;
    }

    /** The peer has sent its close frame and nothing more will come: a pending close need not wait any longer. */
    void peerFinished() {
        peerFinished = true;
        if (closeRequested) {
            closeTransport();
        }
    }

    private void closeTransport() {
        if (closed.compareAndSet(false, true)) {
            try {
                transport.close();
            } catch (IOException alreadyBroken) {
                // the connection is gone either way
            }
        }
    }
}
