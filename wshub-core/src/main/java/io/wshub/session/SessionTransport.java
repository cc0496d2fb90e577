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

    SessionTransport(Session session, long sendTimeoutMillis) {
        this.session = session;
        this.remote = session.getAsyncRemote();
        this.remote.setSendTimeout(sendTimeoutMillis);
    }

    @Override
    public void sendText(String text, SendHandler handler) {
        remote.sendText(text, handler);
    }

    @Override
    public void sendBinary(ByteBuffer data, SendHandler handler) {
        remote.sendBinary(data, handler);
    }

    @Override
    public void sendObject(Object message, SendHandler handler) {
        remote.sendObject(message, handler);
    }

    /** Containers send pings synchronously; the outbox calls this only when no other send is in flight. */
    @Override
    @SuppressWarnings("deprecation")
    public void sendPing(ByteBuffer payload, SendHandler handler) {
        try {
            remote.sendPing(payload);
        } catch (IOException | RuntimeException e) {
            handler.onResult(new SendResult(e));
            return;
        }
        handler.onResult(new SendResult());
    }

    @Override
    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public void close(CloseReason reason) {
        try {
            if (session.isOpen()) {
                session.close(reason);
            }
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.FINE, "closing session " + session.getId() + " failed; the peer is gone", e);
        }
    }
}
