package io.wshub.counter;

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
 * {@link CounterHandler} over WebSocket. One instance per connection, used by one container thread at a time.
 */
@ServerEndpoint(value = "/ws/counter", subprotocols = Subprotocols.V1,
        configurator = EndpointConfigurator.class,
        decoders = CounterCodec.Decoder.class)
public class CounterEndpoint {

    @Inject
    ContainerSessions sessions;
    @Inject
    CounterHandler handler;

    private HandledConnection<CounterAction, ?> connection;

    @OnOpen
    public void open(Session session) {
        connection = sessions.open(session, this, handler);
    }

    @OnMessage
    public void action(CounterAction action) {
        connection.received(action);
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
