package io.wshub.counter;

import io.wshub.broker.Broker;
import io.wshub.broker.Envelope;
import io.wshub.broker.LocalDelivery;
import io.wshub.json.ErrorCode;
import io.wshub.json.ErrorMessage;
import io.wshub.presence.Presence;
import io.wshub.session.Broadcast;
import io.wshub.session.Connection;
import io.wshub.session.Node;
import io.wshub.session.RateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The seeds' one-to-many example: a shared value that every client sees change, and how many users are connected.
 * Thread-safe: the value lives in the {@link CounterStore}, who is connected in the {@link Presence}, each change
 * atomic there and versioned; a client's node delivers the values, and the counts, newest last, dropping one that
 * arrives after a newer one, so the last value and count a client receives are the current ones.
 */
@ApplicationScoped
public class CounterService {

    /** The group of the counter's clients, and their place in the presence. */
    static final String GROUP = "counter";

    private static final String VALUES = "counter.value";
    private static final String COUNTS = "counter.users";
    /** The epoch of the presence's versions. */
    private static final String PRESENCE_VERSIONS = "presence";

    private final LocalDelivery delivery;
    private final Broker broker;
    private final Presence presence;
    private final CounterStore store;
    private final Node node;

    /** For CDI's client proxy only. */
    protected CounterService() {
        this(null, null, null, null, null);
    }

    @Inject
    public CounterService(LocalDelivery delivery, Broker broker, Presence presence, CounterStore store, Node node) {
        this.delivery = delivery;
        this.broker = broker;
        this.presence = presence;
        this.store = store;
        this.node = node;
    }

    /**
     * Counts the new client in: everybody gets the new count, the new client the value. It joins the group before
     * the value is read, so that a change made meanwhile reaches it too.
     */
    public void join(Connection connection) {
        Presence.Change entered = presence.enter(GROUP, entry(connection));
        delivery.join(connection, GROUP);
        broadcastUsers(entered);
        connection.sendTyped(new CounterMessage.Value(store.current().value()));
    }

    /**
     * Counts a client out: the others get the new count. Always broadcast, since a connection the registry dropped
     * (a failed send, an overflow) has already left the group without anybody being told.
     */
    public void leave(Connection connection) {
        delivery.leave(connection, GROUP);
        broadcastUsers(presence.exit(GROUP, entry(connection)));
    }

    /**
     * Applies a client's action, unless the client is over its rate: every action is a broadcast, so a flooding
     * client would fill everybody's outbox. It is answered {@code rate-limited} instead.
     */
    public void apply(Connection from, RateLimiter rate, CounterAction action) {
        if (!rate.tryAcquire()) {
            from.sendTyped(new ErrorMessage(null, ErrorCode.RATE_LIMITED,
                    "too many actions a second; this one was not carried out"));
            return;
        }
        CounterStore.Value changed = store.add(action == CounterAction.PLUS ? 1 : -1);
        broker.publish(Envelope.inOrder(GROUP, Broadcast.of(new CounterMessage.Value(changed.value())),
                new Envelope.Order(VALUES, store.epoch(), changed.version(), false)));
    }

    private void broadcastUsers(Presence.Change count) {
        broker.publish(Envelope.inOrder(GROUP,
                Broadcast.of(new CounterMessage.Users(count.users(), count.connections())),
                new Envelope.Order(COUNTS, PRESENCE_VERSIONS, count.version(), false)));
    }

    private Presence.Entry entry(Connection connection) {
        return new Presence.Entry(connection.user(), connection.id(), node.id());
    }
}
