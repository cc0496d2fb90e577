package io.wshub.echo;

import io.wshub.security.EndpointConfigurator;
import io.wshub.security.Subprotocols;
import io.wshub.session.Connection;
import io.wshub.session.ContainerSessions;
import io.wshub.session.Endpoints;
import io.wshub.session.OverflowPolicy;
import io.wshub.session.SessionRegistry;
import jakarta.inject.Inject;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.nio.ByteBuffer;
import java.util.logging.Logger;

/**
 * Echoes every text and binary message unchanged and in order. A client that sends faster than it reads fills its
 * outbox and is closed with 1013. One instance per connection, used by one container thread at a time.
 */
@ServerEndpoint(value = "/ws/echo", subprotocols = Subprotocols.V1,
        configurator = EndpointConfigurator.class)
public class EchoEndpoint {

    private static final Logger LOG = Logger.getLogger(EchoEndpoint.class.getName());

    @Inject
    SessionRegistry registry;
    @Inject
    ContainerSessions sessions;

    private Connection connection;

    @OnOpen
    public void open(Session session) {
        connection = sessions.open(session, OverflowPolicy.CLOSE);
    }

    @OnMessage
    public void text(String text) {
        if (connection.admits(text)) {
            connection.send(text);
        }
    }

    /** The container may reuse a {@code ByteBuffer} after this returns; a {@code byte[]} is this message's own. */
    @OnMessage
    public void binary(byte[] data) {
        if (connection.admits(data)) {
            connection.send(ByteBuffer.wrap(data));
        }
    }

    @OnClose
    public void close() {
        if (connection != null) {
            registry.remove(connection);
        }
    }

    @OnError
    public void error(Throwable failure) {
        Endpoints.onError(registry, connection, failure, LOG);
    }
}
