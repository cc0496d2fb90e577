package io.wshub.broker;

import java.util.Objects;

/**
 * One message on its way to the members of a group (a room, a user's inbox, a topic), already encoded once for all
 * of them. Immutable.
 *
 * @param group  the registry group whose members receive it
 * @param text   the encoded message
 * @param except the id of a connection that must not receive it, or null
 */
public record Envelope(String group, String text, String except) {

    public Envelope {
        Objects.requireNonNull(group);
        Objects.requireNonNull(text);
    }

    public static Envelope to(String group, String text) {
        return new Envelope(group, text, null);
    }
}
