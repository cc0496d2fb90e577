package io.wshub.session;

import io.wshub.json.MessageSize;
import io.wshub.security.Identity;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One open connection: its server-side id, the identity decided at the handshake, the {@link WireFormat} its
 * client speaks, and the outbox that every message to it goes through.
 * <p>
 * Thread-safe: the outbox is; group membership is guarded by this connection's own lock, which the
 * {@link SessionRegistry} also holds while it updates its indexes for this connection; the ping count is atomic.
 */
public final class Connection {

    private static final Logger LOG = Logger.getLogger(Connection.class.getName());

    /** What happens to a connection when it can no longer be written to. */
    interface Terminator {
        void terminate(Connection connection, CloseFrame reason);
    }

    private final String id;
    private final Identity identity;
    private final WireFormat format;
    private final int maxMessageSize;
    private final Outbox outbox;
    private final Transport transport;
    private final RateLimiter rejections;

    private final AtomicInteger unansweredPings = new AtomicInteger();
    private volatile Instant expiry;
    final Object membershipLock = new Object();
    private final Set<String> groups = new HashSet<>();
    private boolean removed;

    /**
     * @param rejections how many invalid messages the connection may have answered (see {@link #mayAnswerRejection})
     */
    Connection(String id, Identity identity, WireFormat format, Transport transport, int capacity, long maxBytes,
               OverflowPolicy policy, int maxMessageSize, RateLimiter rejections, Terminator terminator) {
        this.id = Objects.requireNonNull(id);
        this.format = Objects.requireNonNull(format);
        this.rejections = Objects.requireNonNull(rejections);
        this.identity = Objects.requireNonNull(identity);
        this.expiry = identity.expiresAt().orElse(null);
        this.maxMessageSize = maxMessageSize;
        this.transport = Objects.requireNonNull(transport);
        this.outbox = new Outbox(transport, capacity, maxBytes, policy, new Outbox.Listener() {
            @Override
            public void onSendFailure(Throwable cause) {
                terminator.terminate(Connection.this, Closes.SEND_FAILED);
            }

            @Override
            public void onOverflow() {
                terminator.terminate(Connection.this, Closes.SLOW_CONSUMER);
            }
        });
    }

    public String id() {
        return id;
    }

    /** When the connection's identity expires: its token's {@code exp}, or a refresh's; null for never. */
    public Instant expiry() {
        return expiry;
    }

    /** A refresh moved the expiry; {@link SessionRegistry#renew} watches the new one. */
    void expireAt(Instant renewed) {
        expiry = Objects.requireNonNull(renewed);
    }

    public Identity identity() {
        return identity;
    }

    public String user() {
        return identity.user();
    }

    /**
     * Checks an inbound text against {@code max-message-size}, for the runtimes that do not (see
     * {@link io.wshub.json.MessageSize}); closes the connection with 1009 when it is over.
     *
     * @return true if the message may be handled
     */
    public boolean admits(String text) {
        if (MessageSize.exceeds(text, maxMessageSize)) {
            close(Closes.TOO_BIG);
            return false;
        }
        return true;
    }

    /** As {@link #admits(String)}, for an inbound binary message. */
    public boolean admits(byte[] data) {
        if (data.length > maxMessageSize) {
            close(Closes.TOO_BIG);
            return false;
        }
        return true;
    }

    /**
     * Whether an invalid message from this connection may still be answered with an error: within
     * {@code message-rate} and {@code message-burst}; beyond, it is closed instead.
     */
    public boolean mayAnswerRejection() {
        return rejections.tryAcquire();
    }

    /**
     * Queues a text message as it is, in no wire format (an echo).
     *
     * @return false if the connection no longer accepts messages
     */
    public boolean send(String text) {
        return outbox.offer(new Outgoing.Text(text));
    }

    /**
     * Queues a broadcast, encoded in this connection's format once for all of that format's recipients.
     *
     * @return false if the connection no longer accepts messages, or its format cannot carry this one
     */
    public boolean send(Broadcast message) {
        Outgoing.Text text = message.textIn(format);
        return text != null && outbox.offer(text);
    }

    /** Queues a binary message; the buffer must not be touched afterwards. */
    public boolean send(ByteBuffer data) {
        return outbox.offer(new Outgoing.Binary(data));
    }

    /**
     * Queues a typed message for this connection alone, encoded now in its format. A message the format cannot carry
     * is a server error: the connection is closed with 1011, as when a send fails.
     *
     * @return false if the connection no longer accepts messages, or the message could not be encoded
     */
    public boolean sendTyped(Object message) {
        String text;
        try {
            text = format.encode(message);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "cannot send a " + message.getClass().getSimpleName() + " to " + this, e);
            close(Closes.SEND_FAILED);
            return false;
        }
        return outbox.offer(new Outgoing.Text(text));
    }

    /** Closes the connection after everything already queued for it. */
    public void close(CloseFrame reason) {
        outbox.close(reason);
    }

    public Outbox outbox() {
        return outbox;
    }

    /** Pings the peer ahead of what is queued; it counts as unanswered until a pong arrives. */
    boolean ping(ByteBuffer payload) {
        unansweredPings.incrementAndGet();
        return outbox.ping(payload);
    }

    /** A pong arrived: the peer is alive. */
    void ponged() {
        unansweredPings.set(0);
    }

    int unansweredPings() {
        return unansweredPings.get();
    }

    /** The groups this connection is in, as a copy. */
    public Set<String> groups() {
        synchronized (membershipLock) {
            return Set.copyOf(groups);
        }
    }

    Transport transport() {
        return transport;
    }

    /** Called with {@link #membershipLock} held. */
    Set<String> groupsLocked() {
        return groups;
    }

    /** Called with {@link #membershipLock} held. */
    boolean isRemovedLocked() {
        return removed;
    }

    /** Called with {@link #membershipLock} held. */
    void markRemovedLocked() {
        removed = true;
    }

    @Override
    public String toString() {
        return "Connection[" + id + " " + identity.user() + "]";
    }
}
