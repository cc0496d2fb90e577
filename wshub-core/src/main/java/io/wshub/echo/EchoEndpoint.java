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

/** {@link EchoHandler} over WebSocket. One instance per connection, used by one container thread at a time. */
@ServerEndpoint(value = "/ws/echo", subprotocols = Subprotocols.V1,
        configurator = EndpointConfigurator.class)
public class EchoEndpoint {

    @Inject
    ContainerSessions sessions;
    @Inject
    EchoHandler handler;

    private HandledConnection<String, ?> connection;

    @OnOpen
    public void open(Session session) {
        connection = sessions.open(session, this, handler);
    }

    @OnMessage
    public void text(String text) {
        connection.received(text);
    }

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
