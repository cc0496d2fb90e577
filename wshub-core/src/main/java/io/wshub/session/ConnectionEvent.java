package io.wshub.session;

/**
 * What happens to connections, fired as CDI events that application code can observe, for instance
 * {@code void greet(@Observes ConnectionEvent.Opened opened)}. Observers run synchronously on the container's
 * thread: they must be quick, and a failing observer is logged without affecting the connection. To send something,
 * inject {@code io.wshub.feed.Publisher}. Immutable records.
 */
public sealed interface ConnectionEvent {

    /** The server-side id of the connection. */
    String connectionId();

    /** The connection's handshake identity. */
    String user();

    /** A connection opened, on any endpoint. */
    record Opened(String connectionId, String user) implements ConnectionEvent {
    }

    /** A connection closed, however. */
    record Closed(String connectionId, String user) implements ConnectionEvent {
    }

    /** A chat connection joined a room. */
    record JoinedRoom(String connectionId, String user, String room) implements ConnectionEvent {
    }

    /** A chat connection left a room, or closed while in it. */
    record LeftRoom(String connectionId, String user, String room) implements ConnectionEvent {
    }
}
