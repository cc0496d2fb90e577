package io.wshub.itapp;

import io.wshub.security.EndpointConfigurator;
import io.wshub.session.Connection;
import io.wshub.session.ContainerSessions;
import io.wshub.session.HandledConnection;
import jakarta.inject.Inject;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/** An application's own endpoint, opened through wshub, with a {@code @Dependent} bean of its own. */
@ServerEndpoint(value = "/ws/app/visits", configurator = EndpointConfigurator.class)
public class VisitsEndpoint {

    @Inject
    ContainerSessions sessions;
    @Inject
    Visits visits;
    @Inject
    Visit visit;

    private HandledConnection<String, Connection> connection;

    @OnOpen
    public void open(Session session) {
        connection = sessions.open(session, this, visits);
    }

    @OnMessage
    public void text(String text) {
        connection.received(text);
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
