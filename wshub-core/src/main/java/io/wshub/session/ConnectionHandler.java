package io.wshub.session;

import java.util.Map;

/**
 * What one kind of connection does, whatever carries it: told when a connection opens (with the parameters of the
 * address it opened, e.g. a chat's {@code room}), handed each message the connection sends, already decoded by the
 * edge into the handler's message type, and told when it ends. A WebSocket endpoint is an adapter that drives a
 * handler through {@link ContainerSessions#open(jakarta.websocket.Session, ConnectionHandler)}; another transport
 * (a Socket.IO namespace, a long-polling session) can drive the same handler. Handlers are shared by every connection
 * of their kind: what belongs to one connection lives in its state, {@code S}.
 *
 * @param <M> the decoded message type
 * @param <S> the state of one connection, from {@link #opened} to {@link #closed}
 */
public interface ConnectionHandler<M, S> {

    /**
     * A connection has opened and is registered. It may already be closed by the handler (an invalid address, say).
     *
     * @return its state, handed to every later call for this connection
     */
    S opened(Connection connection, Map<String, String> parameters);

    /** A message from the connection, in the order the connection sent them; never concurrently for one connection. */
    void received(S state, M message);

    /**
     * A binary message. @return false if this kind of connection takes text only: the connection is then closed
     * with 1003 (containers would drop it silently)
     */
    default boolean receivedBinary(S state, byte[] data) {
        return false;
    }

    /** The connection has ended, for whatever reason; it is unregistered after this returns (or throws). */
    void closed(S state);

    /** What the connection's outbox does when it is full. */
    default OverflowPolicy overflow() {
        return OverflowPolicy.CLOSE;
    }

    /** The outbox capacity in messages, given the configured {@code outbox-capacity}. */
    default int outboxCapacity(int configured) {
        return configured;
    }
}
