package io.wshub.session;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@link Transport} of a container {@link Session}: the one class in wshub that touches a session's remote
 * endpoint. Thread-safe as far as the container's async remote is; the {@link Outbox} never has two sends in flight.
 */
final class SessionTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(SessionTransport.class.getName());

    private final Session session;
    private final RemoteEndpoint.Async remote;

    // the outbox hands every send the same completion: its container handler is made once, not per message
    private SendCompletion adapted;
    private SendHandler adapter;

    SessionTransport(Session session, long sendTimeoutMillis) {
        this.session = session;
        this.remote = session.getAsyncRemote();
        this.remote.setSendTimeout(sendTimeoutMillis);
    }

    @Override
    public void sendText(String text, SendCompletion completion) {
        remote.sendText(text, handlerOf(completion));
    }

    @Override
    public void sendBinary(ByteBuffer data, SendCompletion completion) {
        remote.sendBinary(data, handlerOf(completion));
    }

    /** Containers send pings synchronously; the outbox calls this only when no other send is in flight. */
    @Override
    @SuppressWarnings("deprecation")
    public void sendPing(ByteBuffer payload, SendCompletion completion) {
        try {
            remote.sendPing(payload);
        } catch (IOException | RuntimeException e) {
            completion.completed(e);
            return;
        }
        completion.completed(null);
    }

    /**
     * The container's handler for a completion. Unsynchronized: a connection has one send in flight at a time, and
     * each starts after the previous one's completion was told.
     */
    private SendHandler handlerOf(SendCompletion completion) {
        if (completion != adapted) {
            adapter = result -> completion.completed(result.isOK() ? null : failureOf(result));
            adapted = completion;
        }
        return adapter;
    }

    private static Throwable failureOf(SendResult result) {
        return result.getException() != null ? result.getException() : new IllegalStateException("send failed");
    }

    @Override
    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public void close(CloseFrame frame) {
        try {
            if (session.isOpen()) {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(frame.code()), frame.reason()));
            }
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.FINE, "closing session " + session.getId() + " failed; the peer is gone", e);
        }
    }
}
