package io.wshub.session;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bounded, serialized queue of everything sent to one connection.
 * <p>
 * Exactly one asynchronous send is in flight at a time: containers refuse concurrent sends on one session (Tomcat
 * throws {@code TEXT_FULL_WRITING}). The next send starts from the completion of the previous one, on whichever
 * thread completes it; a completion that arrives on the sending thread before the send call returns is continued by
 * that thread's loop instead, so a long queue never deepens the stack. Messages from one producer thread go out in
 * the order it offered them.
 * <p>
 * When the queue holds {@code capacity} messages, or a message would take it past {@code maxBytes}, the
 * {@link OverflowPolicy} decides: drop the oldest (as many as it takes), or refuse the message and report the
 * overflow so the connection can be closed. A text counts its length in UTF-16 units (one byte of heap each for
 * Latin-1 text, two otherwise), a binary message its bytes; the message in flight no longer counts. A failed send,
 * an overflow and a close all make the outbox refuse everything afterwards.
 * <p>
 * Cheap on the fan-out path: a broadcast hands its recipients the same {@link Outgoing}, and the outbox allocates
 * nothing per message beyond its queue slot; its one {@link Completion} serves every send, since only one is in
 * flight.
 * <p>
 * Thread-safe: the queue and its flags are guarded by one monitor, held for a few field updates and never while
 * sending.
 */
public final class Outbox {

    /** What the outbox reports to its connection. Called without any lock held. */
    public interface Listener {
        /** A send failed; nothing more will be sent. */
        void onSendFailure(Throwable cause);

        /** The queue overflowed under {@link OverflowPolicy#CLOSE}; nothing more will be sent. */
        void onOverflow();
    }

    private static final Throwable SUCCEEDED = new Throwable("sent");
    private static final Throwable SENDER_RETURNED = new Throwable("send call returned");

    private final Transport transport;
    private final int capacity;
    private final long maxBytes;
    private final OverflowPolicy policy;
    private final Listener listener;

    private final Object lock = new Object();
    private final Completion completion = new Completion();
    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
    private Outgoing.Ping pendingPing;
    private long queuedBytes;
    private boolean sending;
    private boolean closed;
    private long dropped;

    /**
     * @param capacity messages queued at most
     * @param maxBytes what the queued messages may add up to (see the class comment for what they count)
     */
    public Outbox(Transport transport, int capacity, long maxBytes, OverflowPolicy policy, Listener listener) {
        if (capacity < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("capacity and bytes must be at least 1, not " + capacity + ", "
                    + maxBytes);
        }
        this.transport = Objects.requireNonNull(transport);
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.policy = Objects.requireNonNull(policy);
        this.listener = Objects.requireNonNull(listener);
    }

    /**
     * Queues a message, or sends it now when nothing is in flight.
     *
     * @return false if the message was refused: the outbox is closed, it overflowed under
     * {@link OverflowPolicy#CLOSE}, or its send failed at once
     */
    public boolean offer(Outgoing message) {
        Objects.requireNonNull(message);
        if (message instanceof Outgoing.Close close) {
            return close(close.reason());
        }
        boolean overflowed = false;
        synchronized (lock) {
            if (closed) {
                return false;
            }
            if (sending) {
                long size = sizeOf(message);
                if (queue.size() < capacity && queuedBytes + size <= maxBytes) {
                    queue.addLast(message);
                    queuedBytes += size;
                    return true;
                }
                if (policy == OverflowPolicy.DROP_OLDEST) {
                    if (size > maxBytes) {
                        // larger than the whole budget: it could never be queued, and the others stay
                        dropped++;
                        return true;
                    }
                    while (!queue.isEmpty() && (queue.size() >= capacity || queuedBytes + size > maxBytes)) {
                        queuedBytes -= sizeOf(queue.pollFirst());
                        dropped++;
                    }
                    queue.addLast(message);
                    queuedBytes += size;
                    return true;
                }
                closed = true;
                clearQueue();
                overflowed = true;
            } else {
                sending = true;
            }
        }
        if (overflowed) {
            listener.onOverflow();
            return false;
        }
        return pump(message);
    }

    /**
     * Closes the connection after everything already queued; refuses every later message.
     *
     * @return false if the outbox was already closed
     */
    public boolean close(CloseFrame reason) {
        Outgoing close = new Outgoing.Close(reason);
        synchronized (lock) {
            if (closed) {
                return false;
            }
            closed = true;
            if (sending) {
                queue.addLast(close);
                return true;
            }
            sending = true;
        }
        pump(close);
        return true;
    }

    /**
     * Sends a ping ahead of everything queued: at once when nothing is in flight, else as soon as the send in flight
     * completes. A ping still waiting is replaced; {@link OverflowPolicy#DROP_OLDEST} never drops one.
     *
     * @return false if the outbox is closed
     */
    public boolean ping(ByteBuffer payload) {
        Outgoing.Ping ping = new Outgoing.Ping(payload);
        synchronized (lock) {
            if (closed) {
                return false;
            }
            if (sending) {
                pendingPing = ping;
                return true;
            }
            sending = true;
        }
        pump(ping);
        return true;
    }

    /** Refuses every later message and forgets the queued ones, without closing anything. */
    public void discard() {
        synchronized (lock) {
            closed = true;
            clearQueue();
        }
    }

    /**
     * For a connection being dropped: forgets what is queued and refuses everything later, but lets the send in
     * flight finish and closes with {@code reason} right after it. Closing the session while its send is in flight
     * would cost the peer the close frame on containers that close the connection as soon as they have queued the
     * frame (Tyrus's servlet integration); the caller bounds how long the send may take.
     *
     * @return true if the close waits for a send in flight; false if nothing is in flight and the caller closes
     */
    public boolean closeAfterSendInFlight(CloseFrame reason) {
        synchronized (lock) {
            closed = true;
            clearQueue();
            pendingPing = null;
            if (!sending) {
                return false;
            }
            queue.addLast(new Outgoing.Close(reason));
            return true;
        }
    }

    /** Messages waiting behind the one in flight. */
    public int queued() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /** What the messages waiting behind the one in flight count for against {@code maxBytes}. */
    public long queuedBytes() {
        synchronized (lock) {
            return queuedBytes;
        }
    }

    /** Messages discarded by {@link OverflowPolicy#DROP_OLDEST} so far. */
    public long dropped() {
        synchronized (lock) {
            return dropped;
        }
    }

    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    public int capacity() {
        return capacity;
    }

    public OverflowPolicy policy() {
        return policy;
    }

    /** @return false if {@code first} itself failed before its send call returned */
    private boolean pump(Outgoing first) {
        Outgoing current = first;
        while (current != null) {
            if (current instanceof Outgoing.Close close) {
                finish();
                closeQuietly(close.reason());
                return true;
            }
            completion.set(null);
            try {
                send(current, completion);
            } catch (Throwable e) {
                // an Error too (a container's UTF-8 encoder throws one for a lone surrogate): whatever it is, this
                // send is over, and an outbox left "sending" would never send again
                completion.compareAndSet(null, e);
            }
            Throwable inline = completion.senderReturned();
            if (inline == null) {
                return true;
            }
            if (current == first && inline != SUCCEEDED) {
                next(inline);
                return false;
            }
            current = next(inline);
        }
        return true;
    }

    private void send(Outgoing message, SendCompletion completion) {
        if (message instanceof Outgoing.Text text) {
            transport.sendText(text.text(), completion);
        } else if (message instanceof Outgoing.Binary binary) {
            transport.sendBinary(binary.data(), completion);
        } else if (message instanceof Outgoing.Ping ping) {
            transport.sendPing(ping.payload(), completion);
        } else {
            throw new IllegalStateException("not a message: " + message);
        }
    }

    private void closeQuietly(CloseFrame reason) {
        try {
            transport.close(reason);
        } catch (Throwable e) {
            listener.onSendFailure(e);
        }
    }

    /** After a send: the next message to send on this thread, or null. */
    private Outgoing next(Throwable outcome) {
        if (outcome != SUCCEEDED) {
            finish();
            listener.onSendFailure(outcome);
            return null;
        }
        synchronized (lock) {
            Outgoing next = pendingPing;
            if (next == null) {
                next = queue.pollFirst();
                if (next != null) {
                    queuedBytes -= sizeOf(next);
                }
            }
            pendingPing = null;
            if (next == null) {
                sending = false;
            }
            return next;
        }
    }

    private void finish() {
        synchronized (lock) {
            closed = true;
            sending = false;
            clearQueue();
            pendingPing = null;
        }
    }

    /** Called with the lock held. */
    private void clearQueue() {
        queue.clear();
        queuedBytes = 0;
    }

    private static long sizeOf(Outgoing message) {
        if (message instanceof Outgoing.Text text) {
            return text.text().length();
        }
        if (message instanceof Outgoing.Binary binary) {
            return binary.data().remaining();
        }
        return 0;
    }

    /**
     * Decides who continues after one send: the completion handler, or the sender once its call has returned —
     * whichever of the two comes second. Holds the outcome ({@code SUCCEEDED} or the failure) until then. Reset before
     * each send: by then both sides of the previous one are through with it.
     */
    private final class Completion extends AtomicReference<Throwable> implements SendCompletion {

        @Override
        public void completed(Throwable failure) {
            Throwable outcome = failure == null ? SUCCEEDED : failure;
            if (!compareAndSet(null, outcome)) {
                Outgoing next = next(outcome);
                if (next != null) {
                    pump(next);
                }
            }
        }

        /** @return the outcome if the send already completed on this thread, or null if the handler will continue */
        Throwable senderReturned() {
            return compareAndSet(null, SENDER_RETURNED) ? null : get();
        }
    }
}
