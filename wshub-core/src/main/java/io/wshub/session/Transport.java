package io.wshub.session;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;

import java.nio.ByteBuffer;

/**
 * The asynchronous send side of one WebSocket connection, as the {@link Outbox} uses it. The handler of a send may
 * be called on the calling thread before the send method returns, or later on any thread.
 */
public interface Transport {

    void sendText(String text, SendHandler handler);

    void sendBinary(ByteBuffer data, SendHandler handler);

    void sendObject(Object message, SendHandler handler);

    /** Sends a ping; the handler is told when it has been written, or why it failed. */
    void sendPing(ByteBuffer payload, SendHandler handler);

    /** Closes the connection; may block while the container writes the close frame. */
    void close(CloseReason reason);

    /** Whether the connection is open: false once either side, or the container, has begun to close it. */
    boolean isOpen();
}
