package io.wshub.chat.message;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.util.List;

/**
 * What the chat endpoints send. Each record has its {@code type} as its first component, so that it encodes alone,
 * once, whatever the number of recipients. Immutable records.
 */
public sealed interface ChatEvent {

    /** A room message, as every member sees it; {@code seq} grows by one per message in the room. */
    @JsonbPropertyOrder({"type", "room", "seq", "from", "text", "ts", "id"})
    record Message(String type, String room, long seq, String from, String text, String ts, String id)
            implements ChatEvent {
        public Message(String room, long seq, String from, String text, String ts, String id) {
            this("message", room, seq, from, text, ts, id);
        }
    }

    /** A private message, to its recipient's connections and the sender's other ones. */
    @JsonbPropertyOrder({"type", "from", "to", "text", "ts", "id"})
    record Private(String type, String from, String to, String text, String ts, String id) implements ChatEvent {
        public Private(String from, String to, String text, String ts, String id) {
            this("private", from, to, text, ts, id);
        }
    }

    /**
     * Who is in a room, to a connection that has just joined it, with the epoch of the room's log: the seqs that
     * follow count in that epoch.
     */
    @JsonbPropertyOrder({"type", "room", "users", "epoch"})
    record Presence(String type, String room, List<String> users, String epoch) implements ChatEvent {
        public Presence(String room, List<String> users, String epoch) {
            this("presence", room, users, epoch);
        }
    }

    /** A user entered ({@code joined}) or left ({@code left}) a room: their first tab came, or their last one went. */
    @JsonbPropertyOrder({"type", "room", "user"})
    record Membership(String type, String room, String user) implements ChatEvent {
        public static Membership joined(String room, String user) {
            return new Membership("joined", room, user);
        }

        public static Membership left(String room, String user) {
            return new Membership("left", room, user);
        }
    }

    /**
     * Confirms a client message that had an {@code id}: with the {@code seq} it got in its room, with the
     * {@code status} of a private message ({@code delivered} or {@code stored}), or with neither for the rest.
     */
    @JsonbPropertyOrder({"type", "id", "seq", "status"})
    record Ack(String type, String id, Long seq, String status) implements ChatEvent {
        public static Ack of(String id) {
            return new Ack("ack", id, null, null);
        }

        public static Ack seq(String id, long seq) {
            return new Ack("ack", id, seq, null);
        }

        public static Ack status(String id, String status) {
            return new Ack("ack", id, null, status);
        }
    }

    /**
     * Heads the replay of a room: the messages of log {@code epoch} with a seq above {@code after} follow, in order.
     * {@code after} is the client's own, or 0 when its epoch is not the room's (the log it saw is gone: the replay
     * starts over); {@code recovered} is false when some of the messages it asked for are no longer kept.
     */
    @JsonbPropertyOrder({"type", "room", "recovered", "after", "epoch"})
    record Resumed(String type, String room, boolean recovered, long after, String epoch) implements ChatEvent {
        public Resumed(String room, boolean recovered, long after, String epoch) {
            this("resumed", room, recovered, after, epoch);
        }
    }

    /** The rooms a connection is in. */
    @JsonbPropertyOrder({"type", "id", "rooms"})
    record Rooms(String type, String id, List<String> rooms) implements ChatEvent {
        public Rooms(String id, List<String> rooms) {
            this("rooms", id, rooms);
        }
    }
}
