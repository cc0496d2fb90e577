package io.wshub.chat;

import io.wshub.chat.message.ChatCommand;
import io.wshub.session.Connection;
import io.wshub.session.ConnectionHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * A chat connection, group or private: {@link ChatService}'s, with the room of its address ({@code room}) as its
 * home, if it has one. Its outbox has room for a whole replay of history and mailbox. Thread-safe.
 */
@ApplicationScoped
public class ChatHandler implements ConnectionHandler<ChatCommand, ChatMember> {

    /** The address parameter that names a group chat connection's room. */
    public static final String ROOM = "room";

    private final ChatService chat;

    /** For CDI's client proxy only. */
    protected ChatHandler() {
        this(null);
    }

    @Inject
    public ChatHandler(ChatService chat) {
        this.chat = chat;
    }

    @Override
    public int outboxCapacity(int configured) {
        return chat.outboxCapacity(configured);
    }

    @Override
    public ChatMember opened(Connection connection, Map<String, String> parameters) {
        return chat.open(connection, parameters.get(ROOM));
    }

    @Override
    public void received(ChatMember member, ChatCommand command) {
        chat.handle(member, command);
    }

    @Override
    public void closed(ChatMember member) {
        chat.close(member);
    }
}
