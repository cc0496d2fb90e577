package io.wshub.chat;

import io.wshub.chat.message.ChatCodec;
import io.wshub.chat.message.ChatCommand;
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
 * Group chat over WebSocket: {@link ChatHandler}, the connection's home room named by its path. One instance per
 * connection, used by one container thread at a time.
 */
@ServerEndpoint(value = "/ws/chat/{" + ChatHandler.ROOM + "}", subprotocols = {Subprotocols.V1, Subprotocols.CHAT},
        configurator = EndpointConfigurator.class,
        decoders = ChatCodec.GroupDecoder.class)
public class GroupChatEndpoint {

    @Inject
    ContainerSessions sessions;
    @Inject
    ChatHandler handler;

    private HandledConnection<ChatCommand, ?> connection;

    @OnOpen
    public void open(Session session) {
        connection = sessions.open(session, this, handler);
    }

    @OnMessage
    public void command(ChatCommand command) {
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
