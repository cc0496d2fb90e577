package io.wshub.session;

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
    public void sendText(String text, SendCompletion completion) {
        dispatch(() -> delegate.sendText(text, completion), completion);
    }

    @Override
    public void sendBinary(ByteBuffer data, SendCompletion completion) {
        dispatch(() -> delegate.sendBinary(data, completion), completion);
    }

    @Override
    public void sendPing(ByteBuffer payload, SendCompletion completion) {
        dispatch(() -> delegate.sendPing(payload, completion), completion);
    }

    @Override
    public void close(CloseFrame frame) {
        delegate.close(frame);
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    private void dispatch(Runnable send, SendCompletion completion) {
        if (Thread.currentThread() == sender) {
            run(send, completion);
            return;
        }
        try {
            senders.execute(() -> {
                sender = Thread.currentThread();
                try {
                    run(send, completion);
                } finally {
                    sender = null;
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            completion.completed(shuttingDown);
        }
    }

    private static void run(Runnable send, SendCompletion completion) {
        try {
            send.run();
        } catch (RuntimeException e) {
            completion.completed(e);
        }
    }
}
