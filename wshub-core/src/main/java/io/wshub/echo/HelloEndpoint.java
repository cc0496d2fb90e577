package io.wshub.echo;

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

/** {@link HelloHandler} over WebSocket. One instance per connection, used by one container thread at a time. */
@ServerEndpoint(value = "/ws/hello", subprotocols = Subprotocols.V1,
        configurator = EndpointConfigurator.class)
public class HelloEndpoint {

    @Inject
    ContainerSessions sessions;
    @Inject
    HelloHandler handler;

    private HandledConnection<String, ?> connection;

    @OnOpen
    public void open(Session session) {
        connection = sessions.open(session, this, handler);
    }

    @OnMessage
    public void name(String name) {
        connection.received(name);
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
