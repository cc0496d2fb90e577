package io.wshub.echo;

import io.wshub.security.EndpointConfigurator;
import io.wshub.security.Subprotocols;
import io.wshub.session.Closes;
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

import java.util.logging.Logger;

/**
 * The seeds' one-to-one short connection: the first text message {@code NAME} is answered {@code hello NAME}, then
 * the server closes with 1000. One instance per connection, used by one container thread at a time.
 */
@ServerEndpoint(value = "/ws/hello", subprotocols = Subprotocols.V1,
        configurator = EndpointConfigurator.class)
public class HelloEndpoint {

    private static final Logger LOG = Logger.getLogger(HelloEndpoint.class.getName());

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
    public void name(String name) {
        if (connection.admits(name)) {
            connection.send("hello " + name);
            connection.close(Closes.NORMAL);
        }
    }

    /** Containers drop a binary message silently when an endpoint has no handler for it; say so instead. */
    @OnMessage
    public void binary(byte[] ignored) {
        connection.close(Closes.TEXT_ONLY);
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
