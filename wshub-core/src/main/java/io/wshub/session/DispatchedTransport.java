package io.wshub.session;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A {@link Transport} that starts every send on a sender thread instead of the caller's, for containers whose
 * "asynchronous" sends block until the bytes are written: there a peer that stops reading would block whoever sends
 * to it, a broadcast included. The {@link Outbox} never has two sends in flight, so a connection's sends stay in
 * order; the next send, started from the previous one's completion on the sender thread, stays on that thread, so a
 * queue drains without a thread hop per message. While the connection opens, the sends of the thread that opens it
 * run on that thread: Tyrus's servlet integration (GlassFish, Payara) may not yet have written the handshake's 101
 * answer when the endpoint's {@code onOpen} runs, and a sender thread's frame could overtake it on the wire; the
 * opening thread's writes follow the answer in its stream. Thread-safe.
 */
final class DispatchedTransport implements Transport {

    private final Transport delegate;
    private final Executor senders;
    /** The sender thread running this connection's send, if any: one at a time, as the outbox sends one at a time. */
    private volatile Thread sender;
    /** The thread opening the connection, until it is open. */
    private volatile Thread opening = Thread.currentThread();

    /** A transport made on the thread that opens the connection, which sends for itself until {@link #opened}. */
    DispatchedTransport(Transport delegate, Executor senders) {
        this.delegate = delegate;
        this.senders = senders;
    }

    /** The connection is open: from now on every send starts on a sender thread. */
    void opened() {
        opening = null;
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
        Thread current = Thread.currentThread();
        if (current == sender || current == opening) {
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
