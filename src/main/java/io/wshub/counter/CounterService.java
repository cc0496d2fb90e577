package io.wshub.counter;

import io.wshub.broker.Broker;
import io.wshub.broker.Envelope;
import io.wshub.json.ErrorCode;
import io.wshub.json.ErrorMessage;
import io.wshub.json.Json;
import io.wshub.session.Connection;
import io.wshub.session.RateLimiter;
import io.wshub.session.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * The seeds' one-to-many example: a shared value that every client sees change, and how many users are connected.
 * Thread-safe: the value, the membership and the broadcasts change under one lock, so every client sees the changes
 * in the same order and the last count it receives is the current one.
 */
@ApplicationScoped
public class CounterService {

    /** The registry group of the counter's clients. */
    static final String GROUP = "counter";

    private final SessionRegistry registry;
    private final Broker broker;
    private final Object lock = new Object();
    private long value;

    /** For CDI's client proxy only. */
    protected CounterService() {
        this(null, null);
    }

    @Inject
    public CounterService(SessionRegistry registry, Broker broker) {
        this.registry = registry;
        this.broker = broker;
    }

    /** Counts the new client in: everybody gets the new count, the new client the value. */
    public void join(Connection connection) {
        synchronized (lock) {
            registry.join(connection, GROUP);
            broadcastUsers();
            connection.sendTyped(new CounterMessage.Value(value));
        }
    }

    /**
     * Counts a client out: the others get the new count. Always broadcast, since a connection the registry dropped
     * (a failed send, an overflow) has already left the group without anybody being told.
     */
    public void leave(Connection connection) {
        synchronized (lock) {
            registry.leave(connection, GROUP);
            broadcastUsers();
        }
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
        synchronized (lock) {
            value += action == CounterAction.PLUS ? 1 : -1;
            broker.publish(Envelope.to(GROUP, Json.encode(new CounterMessage.Value(value))));
        }
    }

    private void broadcastUsers() {
        List<Connection> members = registry.members(GROUP);
        int users = (int) members.stream().map(Connection::user).distinct().count();
        broker.publish(Envelope.to(GROUP, Json.encode(new CounterMessage.Users(users, members.size()))));
    }
}
