package io.wshub.session;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A {@link Transport} that starts every send on a sender thread instead of the caller's, for containers whose
 * "asynchronous" sends block until the bytes are written: there a peer that stops reading would block whoever sends
 * to it, a broadcast included. The {@link Outbox} never has two sends in flight, so a connection's sends stay in
 * order; the next send, started from the previous one's completion on the sender thread, stays on that thread, so a
 * queue drains without a thread hop per message. Thread-safe.
 */
final class DispatchedTransport implements Transport {

    private final Transport delegate;
    private final Executor senders;
    /** The sender thread running this connection's send, if any: one at a time, as the outbox sends one at a time. */
    private volatile Thread sender;

    DispatchedTransport(Transport delegate, Executor senders) {
        this.delegate = delegate;
        this.senders = senders;
    }

    @Override
    public void sendText(String text, SendHandler handler) {
        dispatch(() -> delegate.sendText(text, handler), handler);
    }

    @Override
    public void sendBinary(ByteBuffer data, SendHandler handler) {
        dispatch(() -> delegate.sendBinary(data, handler), handler);
    }

    @Override
    public void sendObject(Object message, SendHandler handler) {
        dispatch(() -> delegate.sendObject(message, handler), handler);
    }

    @Override
    public void sendPing(ByteBuffer payload, SendHandler handler) {
        dispatch(() -> delegate.sendPing(payload, handler), handler);
    }

    @Override
    public void close(CloseReason reason) {
        delegate.close(reason);
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    private void dispatch(Runnable send, SendHandler handler) {
        if (Thread.currentThread() == sender) {
            run(send, handler);
            return;
        }
        try {
            senders.execute(() -> {
                sender = Thread.currentThread();
                try {
                    run(send, handler);
                } finally {
                    sender = null;
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            handler.onResult(new SendResult(shuttingDown));
        }
    }

    private static void run(Runnable send, SendHandler handler) {
        try {
            send.run();
        } catch (RuntimeException e) {
            handler.onResult(new SendResult(e));
        }
    }
}
