package io.wshub.itapp;

import io.wshub.session.Connection;
import io.wshub.session.ConnectionHandler;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Application code for {@code EmbeddedServerIT}: counts the {@link VisitsEndpoint} instances disposed of, as their
 * {@link Visit}s report it, and tells each connection the count when it opens and whenever it asks.
 */
@ApplicationScoped
public class Visits implements ConnectionHandler<String, Connection> {

    /** What a connection of {@code /ws/app/visits} receives. */
    public record Count(String type, int ended) {
    }

    private final AtomicInteger ended = new AtomicInteger();

    void ended() {
        ended.incrementAndGet();
    }

    @Override
    public Connection opened(Connection connection, Map<String, String> parameters) {
        connection.sendTyped(new Count("visits", ended.get()));
        return connection;
    }

    @Override
    public void received(Connection connection, String message) {
        connection.sendTyped(new Count("visits", ended.get()));
    }

    @Override
    public void closed(Connection connection) {
        // the count moves when the endpoint instance is disposed of, not here
    }
}
