package io.wshub.broker;

import io.wshub.config.Scheduler;
import io.wshub.session.Broadcast;
import io.wshub.session.Closes;
import io.wshub.session.Connection;
import io.wshub.session.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The receiving side of this node: delivers the envelopes the broker hands it to this node's connections, and keeps
 * the node subscribed to the channels of the groups that have members here. This is the edge where typed messages
 * become text: each envelope's {@link Broadcast} is encoded once per wire format among its recipients here.
 * <p>
 * <b>Order.</b> Envelopes of a stream ({@link Envelope.Order}: a room's messages, a topic's items) reach every member
 * in seq order, however they were published: the store gives out the seqs, publishers publish concurrently, and
 * here a per-stream cursor delivers seq n+1 only after seq n. A message that overtook a missing one waits for it
 * at most {@link #GAP_WAIT} (or until {@link #MAX_WAITING} wait); then the missing ones are fetched from the stream
 * ({@link Stream#missing}), and what the stream no longer has is skipped. A member joins a stream at the cursor's
 * position, which {@link #join(Connection, String, String, Stream, Function)} returns: everything after it reaches
 * the member live, everything up to it only by asking the stream.
 * <p>
 * <b>Holding.</b> A connection can join a group held ({@link #joinHeld}): what the group receives is kept for it
 * until it has been handed what waited for it elsewhere (a user's mailbox), so nothing overtakes that.
 * <p>
 * Thread-safe: joins and leaves of one group are serialized by a lock striped by group name, under which the node
 * subscribes and unsubscribes, so the subscription always matches whether the group has members; each cursor has
 * its own lock, taken after the stripe's where both are; fan-out walks the registry's immutable snapshots.
 */
@ApplicationScoped
public class LocalDelivery implements Broker.Inbound {

    /** How long a message waits for a missing one before the stream is asked for it. */
    static final Duration GAP_WAIT = Duration.ofMillis(200);

    /** Messages of one stream waiting behind a missing one, at most: one more, and the stream is asked at once. */
    static final int MAX_WAITING = 1_000;

    private static final int STRIPES = 64;

    /** Where a stream, or a member in it, stands: the last seq delivered, counted in the stream's epoch. */
    public record Position(String epoch, long seq) {
    }

    /** What this node needs of a stream to deliver it in order. */
    public interface Stream {

        /** Where the stream stands now: its epoch and its last seq. */
        Position head();

        /**
         * The stream's messages with {@code from.seq() < seq <= upTo} that it still keeps, in order, as envelopes
         * of the stream; none when the epoch is no longer the stream's.
         */
        List<Envelope> missing(Position from, long upTo);
    }

    /** The outcome of joining a stream's group: whether the connection is new in it, and its position. */
    public record Joined(boolean joined, Position position) {
    }

    private final SessionRegistry registry;
    private final Broker broker;
    private final Scheduler scheduler;
    private final Object[] stripes = new Object[STRIPES];
    private final Map<String, Map<String, Cursor>> cursorsByGroup = new ConcurrentHashMap<>();
    private final Map<Connection, Holding> holdings = new ConcurrentHashMap<>();

    /** For CDI's client proxy only. */
    protected LocalDelivery() {
        this.registry = null;
        this.broker = null;
        this.scheduler = null;
    }

    @Inject
    public LocalDelivery(SessionRegistry registry, Broker broker, Scheduler scheduler) {
        this.registry = registry;
        this.broker = broker;
        this.scheduler = scheduler;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
        broker.subscribe(Envelope.USERS_CHANNEL, this);
        broker.subscribe(Envelope.EVERYBODY_CHANNEL, this);
    }

    /** Makes CDI create this bean at start, so that the node receives envelopes to users before any join. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // creating the bean subscribed it
    }

    /** Adds a connection to a group. @return true if it was not in it and is now */
    public boolean join(Connection connection, String group) {
        synchronized (stripe(group)) {
            boolean joined = registry.join(connection, group);
            if (joined) {
                broker.subscribe(group, this);
            }
            return joined;
        }
    }

    /**
     * Adds a connection to the group of an ordered stream, and queues {@code greeting} to it before any message of
     * the stream it receives live.
     *
     * @param greeting the first message, made from the position the connection joins at; null for none
     */
    public Joined join(Connection connection, String group, String streamName, Stream stream,
                       Function<Position, Object> greeting) {
        synchronized (stripe(group)) {
            Cursor cursor = cursorsByGroup.computeIfAbsent(group, name -> new ConcurrentHashMap<>())
                    .computeIfAbsent(streamName, name -> new Cursor(stream));
            synchronized (cursor) {
                if (cursor.position == null || registry.members(group).isEmpty()) {
                    cursor.restart(stream.head());
                }
                boolean joined = registry.join(connection, group);
                if (joined) {
                    broker.subscribe(group, this);
                }
                Object first = greeting.apply(cursor.position);
                if (first != null) {
                    connection.sendTyped(first);
                }
                return new Joined(joined, cursor.position);
            }
        }
    }

    /**
     * As {@link #join(Connection, String)}, with what the group receives held for the connection until
     * {@link Holding#release}.
     */
    public Holding joinHeld(Connection connection, String group, int capacity) {
        Holding holding = new Holding(connection, group, capacity);
        holdings.put(connection, holding);
        join(connection, group);
        return holding;
    }

    /**
     * Takes a connection out of a group; the node forgets the group's streams and unsubscribes from it when that
     * leaves it without members here, whoever removed the last one. @return true if it was in it
     */
    public boolean leave(Connection connection, String group) {
        synchronized (stripe(group)) {
            boolean left = registry.leave(connection, group);
            if (registry.members(group).isEmpty()) {
                broker.unsubscribe(group);
                Map<String, Cursor> cursors = cursorsByGroup.remove(group);
                if (cursors != null) {
                    cursors.values().forEach(Cursor::retire);
                }
            }
            return left;
        }
    }

    @Override
    public int deliver(Envelope envelope) {
        Envelope.Order order = envelope.order();
        if (order == null) {
            return fanOut(envelope);
        }
        if (!(envelope.target() instanceof Envelope.Group group)) {
            throw new IllegalArgumentException("only a group's envelopes have an order: " + envelope);
        }
        while (true) {
            Cursor cursor = cursor(group.name(), order);
            if (cursor == null) {
                return 0;
            }
            synchronized (cursor) {
                if (!cursor.retired) {
                    return cursor.accept(envelope);
                }
            }
        }
    }

    /** Groups whose streams this node follows, for tests. */
    int streamGroupCount() {
        return cursorsByGroup.size();
    }

    /**
     * The cursor of an envelope's stream; null if no member here joined it. A stream whose messages each replace
     * the ones before has nothing to start from, and gets its cursor from its first envelope.
     */
    private Cursor cursor(String group, Envelope.Order order) {
        Map<String, Cursor> cursors = cursorsByGroup.get(group);
        Cursor cursor = cursors == null ? null : cursors.get(order.stream());
        if (cursor != null || order.contiguous()) {
            return cursor;
        }
        synchronized (stripe(group)) {
            if (registry.members(group).isEmpty()) {
                return null;
            }
            return cursorsByGroup.computeIfAbsent(group, name -> new ConcurrentHashMap<>())
                    .computeIfAbsent(order.stream(), name -> new Cursor(null));
        }
    }

    private int fanOut(Envelope envelope) {
        List<Connection> recipients;
        String heldGroup = null;
        if (envelope.target() instanceof Envelope.Group group) {
            recipients = registry.members(group.name());
            heldGroup = group.name();
        } else if (envelope.target() instanceof Envelope.User user) {
            recipients = registry.connectionsOf(user.name());
        } else {
            recipients = registry.connections();
        }
        Broadcast message = envelope.message();
        String except = envelope.except();
        boolean anyHeld = heldGroup != null && !holdings.isEmpty();
        int accepted = 0;
        for (Connection member : recipients) {
            if (except != null && member.id().equals(except)) {
                continue;
            }
            Holding holding = anyHeld ? holdings.get(member) : null;
            boolean taken = holding != null && holding.group.equals(heldGroup)
                    ? holding.offer(message) : member.send(message);
            if (taken) {
                accepted++;
            }
        }
        return accepted;
    }

    private Object stripe(String group) {
        return stripes[Math.floorMod(group.hashCode(), STRIPES)];
    }

    /**
     * A connection's share of one group's messages, kept back while it is handed what waited for it. At most
     * {@code capacity} are kept; one more closes the connection as a slow consumer (1013), as its outbox would.
     */
    public final class Holding {

        private final Connection connection;
        private final String group;
        private final int capacity;
        private List<Broadcast> held = new ArrayList<>();

        private Holding(Connection connection, String group, int capacity) {
            this.connection = connection;
            this.group = group;
            this.capacity = capacity;
        }

        private synchronized boolean offer(Broadcast message) {
            if (held == null) {
                return connection.send(message);
            }
            if (held.size() >= capacity) {
                connection.close(Closes.SLOW_CONSUMER);
                return false;
            }
            held.add(message);
            return true;
        }

        /**
         * Queues the typed messages {@code first} to the connection, then what was held, and lets the group's
         * messages through from then on.
         *
         * @return how many of {@code first} the connection took before it refused one (all, if it refused none)
         */
        public synchronized int release(List<?> first) {
            int taken = 0;
            while (taken < first.size() && connection.sendTyped(first.get(taken))) {
                taken++;
            }
            held.forEach(connection::send);
            held = null;
            holdings.remove(connection, this);
            return taken;
        }
    }

    /** Where this node is in one stream, and the messages that overtook a missing one. Guarded by its monitor. */
    private final class Cursor {

        private final Stream stream;
        private final TreeMap<Long, Envelope> waiting = new TreeMap<>();
        private Position position;
        private boolean retired;
        private boolean gapCheckScheduled;

        Cursor(Stream stream) {
            this.stream = stream;
        }

        void restart(Position head) {
            position = head;
            waiting.clear();
        }

        synchronized void retire() {
            retired = true;
            waiting.clear();
        }

        int accept(Envelope envelope) {
            Envelope.Order order = envelope.order();
            if (position == null || !order.epoch().equals(position.epoch())) {
                // the stream started over (its log was lost), or this is the first of a stream of replacements
                waiting.clear();
                position = new Position(order.epoch(), order.seq());
                return fanOut(envelope);
            }
            if (order.seq() <= position.seq()) {
                return 0;
            }
            if (!order.contiguous() || order.seq() == position.seq() + 1) {
                position = new Position(position.epoch(), order.seq());
                int accepted = fanOut(envelope);
                drain();
                return accepted;
            }
            waiting.put(order.seq(), envelope);
            if (waiting.size() > MAX_WAITING) {
                fill();
            } else {
                scheduleGapCheck();
            }
            return 0;
        }

        private void drain() {
            while (!waiting.isEmpty() && waiting.firstKey() <= position.seq() + 1) {
                Envelope next = waiting.pollFirstEntry().getValue();
                if (next.order().seq() == position.seq() + 1) {
                    position = new Position(position.epoch(), next.order().seq());
                    fanOut(next);
                }
            }
        }

        /** Delivers what the stream still has of the gap before the first waiting message, skips the rest. */
        private void fill() {
            long upTo = waiting.firstKey() - 1;
            if (stream != null) {
                for (Envelope missing : stream.missing(position, upTo)) {
                    long seq = missing.order().seq();
                    if (seq > position.seq() && seq <= upTo) {
                        position = new Position(position.epoch(), seq);
                        fanOut(missing);
                    }
                }
            }
            position = new Position(position.epoch(), upTo);
            drain();
        }

        private void scheduleGapCheck() {
            if (gapCheckScheduled) {
                return;
            }
            gapCheckScheduled = true;
            long stuckAt = position.seq();
            scheduler.after(GAP_WAIT, () -> {
                synchronized (this) {
                    gapCheckScheduled = false;
                    if (retired || waiting.isEmpty()) {
                        return;
                    }
                    if (position.seq() == stuckAt) {
                        fill();
                    } else {
                        scheduleGapCheck();
                    }
                }
            });
        }
    }
}
