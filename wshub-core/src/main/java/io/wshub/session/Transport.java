package io.wshub.session;

import java.nio.ByteBuffer;

/**
 * The asynchronous send side of one connection, as the {@link Outbox} uses it: a WebSocket session
 * ({@link SessionTransport}), or any other carrier of messages (a long-polling session), so no type of the WebSocket
 * API appears here. The completion of a send may be told on the calling thread before the send method returns, or
 * later on any thread. Messages arrive here encoded: the connection's {@link WireFormat} wrote them.
 */
public interface Transport {

    void sendText(String text, SendCompletion completion);

    void sendBinary(ByteBuffer data, SendCompletion completion);

    /** Sends a ping; the completion is told when it has been written, or why it failed. */
    void sendPing(ByteBuffer payload, SendCompletion completion);

    /** Closes the connection; may block while the container writes the close frame. */
    void close(CloseFrame frame);

    /** Whether the connection is open: false once either side, or the container, has begun to close it. */
    boolean isOpen();
}
