package io.wshub.broker;

import java.util.Objects;

/**
 * One message on its way to the connections it concerns, already encoded once for all of them. Immutable.
 *
 * @param target who receives it
 * @param text   the encoded message
 * @param except the id of a connection that must not receive it, or null
 */
public record Envelope(Target target, String text, String except) {

    /** Who an envelope is for. */
    public sealed interface Target {
    }

    /** The members of a registry group: a chat room, a user's chat inbox, a feed topic. */
    public record Group(String name) implements Target {
        public Group {
            Objects.requireNonNull(name);
        }
    }

    /** Every open connection of a user, on any endpoint. */
    public record User(String name) implements Target {
        public User {
            Objects.requireNonNull(name);
        }
    }

    /** Every open connection. */
    public record Everybody() implements Target {
    }

    public Envelope {
        Objects.requireNonNull(target);
        Objects.requireNonNull(text);
    }

    public static Envelope to(String group, String text) {
        return new Envelope(new Group(group), text, null);
    }

    public static Envelope toGroupExcept(String group, String text, String exceptConnection) {
        return new Envelope(new Group(group), text, exceptConnection);
    }

    public static Envelope toUser(String user, String text) {
        return new Envelope(new User(user), text, null);
    }

    public static Envelope toEverybody(String text) {
        return new Envelope(new Everybody(), text, null);
    }
}
