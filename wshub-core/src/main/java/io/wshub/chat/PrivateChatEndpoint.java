package io.wshub.chat;

import io.wshub.chat.message.ChatCodec;
import io.wshub.chat.message.ChatCommand;
import io.wshub.config.Settings;
import io.wshub.json.ErrorEncoder;
import io.wshub.security.EndpointConfigurator;
import io.wshub.security.Subprotocols;
import io.wshub.session.Closes;
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
 * Private chat: whispers to a user, and the private messages for this connection's user, including those that
 * waited while the user was offline. One instance per connection, used by one container thread at a time.
 */
@ServerEndpoint(value = "/ws/private", subprotocols = {Subprotocols.V1, Subprotocols.CHAT},
        configurator = EndpointConfigurator.class,
        decoders = ChatCodec.PrivateDecoder.class, encoders = {ChatCodec.Encoder.class, ErrorEncoder.class})
public class PrivateChatEndpoint {

    private static final Logger LOG = Logger.getLogger(PrivateChatEndpoint.class.getName());

    @Inject
    SessionRegistry registry;
    @Inject
    ContainerSessions sessions;
    @Inject
    ChatService chat;
    @Inject
    Settings settings;

    private ChatMember member;

    @OnOpen
    public void open(Session session) {
        int capacity = chat.outboxCapacity(settings.outboxCapacity());
        member = chat.open(sessions.open(session, OverflowPolicy.CLOSE, capacity), null);
    }

    @OnMessage
    public void command(ChatCommand command) {
        chat.handle(member, command);
    }

    /** Containers drop a binary message silently when an endpoint has no handler for it; say so instead. */
    @OnMessage
    public void binary(byte[] ignored) {
        member.connection().close(Closes.TEXT_ONLY);
    }

    @OnClose
    public void close() {
        if (member != null) {
            chat.close(member);
            registry.remove(member.connection());
        }
    }

    @OnError
    public void error(Throwable failure) {
        Endpoints.onError(registry, member == null ? null : member.connection(), failure, LOG);
    }
}
