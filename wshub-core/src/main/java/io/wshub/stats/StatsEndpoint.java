package io.wshub.stats;

import io.wshub.security.EndpointConfigurator;
import io.wshub.security.Subprotocols;
import io.wshub.session.ContainerSessions;
import io.wshub.session.HandledConnection;
import jakarta.inject.Inject;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/**
 * {@link StatsHandler} over WebSocket. One instance per connection, used by one container thread at a time.
 */
@ServerEndpoint(value = "/ws/stats", subprotocols = Subprotocols.V1,
        configurator = EndpointConfigurator.class,
        decoders = StatsCodec.Decoder.class)
public class StatsEndpoint {

    @Inject
    ContainerSessions sessions;
    @Inject
    StatsHandler handler;

    private HandledConnection<StatsCommand, ?> connection;

    @OnOpen
    public void open(Session session) {
        connection = sessions.open(session, this, handler);
    }

    @OnMessage
    public void command(StatsCommand command) {
        connection.received(command);
    }

    /** Containers drop a binary message silently when an endpoint has no handler for it; the handler says so. */
    @OnMessage
    public void binary(byte[] data) {
        connection.receivedBinary(data);
    }

    @OnClose
    public void close(Session session) {
        sessions.closed(session);
    }

    @OnError
    public void error(Session session, Throwable failure) {
        sessions.failed(session, failure);
    }
}
