package io.wshub.chat.message;

import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;

/**
 * What a client may send to {@code /ws/chat/{room}}; {@code /ws/private} takes only {@link Whisper}. Any command
 * may carry a string {@code id}; the server answers it with an {@code ack} (or the reply that names it) or an
 * {@code error} carrying the same id. Immutable records; fields a client leaves out are null and checked by the
 * service.
 */
@JsonbTypeInfo(key = "type", value = {
    @JsonbSubtype(alias = "say", type = ChatCommand.Say.class),
    @JsonbSubtype(alias = "join", type = ChatCommand.Join.class),
    @JsonbSubtype(alias = "leave", type = ChatCommand.Leave.class),
    @JsonbSubtype(alias = "rooms", type = ChatCommand.Rooms.class),
    @JsonbSubtype(alias = "whisper", type = ChatCommand.Whisper.class),
    @JsonbSubtype(alias = "resume", type = ChatCommand.Resume.class),
})
public sealed interface ChatCommand {

    String id();

    /** Posts to {@code room}, or to the connection's own room when absent. */
    record Say(String id, String room, String text) implements ChatCommand {
    }

    record Join(String id, String room) implements ChatCommand {
    }

    record Leave(String id, String room) implements ChatCommand {
    }

    /** Asks for the rooms this connection is in. */
    record Rooms(String id) implements ChatCommand {
    }

    /** A private message to every connection of user {@code to}, kept for later when {@code to} is offline. */
    record Whisper(String id, String to, String text) implements ChatCommand {
    }

    /**
     * Replays the room's messages with a seq above {@code after}, the last one this client saw, in log {@code epoch}
     * (optional: the one the {@code presence} of its join named).
     */
    record Resume(String id, String room, Long after, String epoch) implements ChatCommand {
    }
}
