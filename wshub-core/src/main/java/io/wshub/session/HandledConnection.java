package io.wshub.session;

import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A registered {@link Connection} driven by its {@link ConnectionHandler}: what every WebSocket endpoint does from
 * {@code @OnOpen}, {@code @OnMessage}, {@code @OnClose} and {@code @OnError}, in one place. A connection may end while
 * its handler is still opening it (the handler closes an invalid room, and the container reports the close at
 * once, before the endpoint has the connection): the end is then remembered, and the handler told as soon as it has
 * opened. Thread-safe: messages come from one container thread at a time; the end may come from any.
 *
 * @param <M> the decoded message type
 * @param <S> the handler's state for this connection
 */
public final class HandledConnection<M, S> {

    private static final Logger LOG = Logger.getLogger(HandledConnection.class.getName());

    private final Connection connection;
    private final ConnectionHandler<M, S> handler;
    private final SessionRegistry registry;
    private final Runnable dispose;
    // written under this, once; read without it on every message
    private volatile S state;
    // guarded by this
    private boolean opened;
    private boolean ended;

    private HandledConnection(Connection connection, ConnectionHandler<M, S> handler, SessionRegistry registry,
                              Runnable dispose) {
        this.connection = connection;
        this.handler = handler;
        this.registry = registry;
        this.dispose = dispose;
    }

    /**
     * Tells the handler that a registered connection has opened; {@code published} gets the handled connection first,
     * so that an end reported while the handler opens it finds it.
     *
     * @param dispose run once when the connection has ended (disposes of the endpoint instance that carries it)
     * @throws RuntimeException whatever the handler throws, after the connection is unregistered
     */
    static <M, S> HandledConnection<M, S> open(Connection connection, ConnectionHandler<M, S> handler,
                                               Map<String, String> parameters, SessionRegistry registry,
                                               Runnable dispose, Consumer<HandledConnection<M, S>> published) {
        HandledConnection<M, S> handled = new HandledConnection<>(connection, handler, registry, dispose);
        published.accept(handled);
        S state;
        try {
            state = handler.opened(connection, parameters);
        } catch (RuntimeException | Error e) {
            handled.closed();
            throw e;
        }
        boolean endedMeanwhile;
        synchronized (handled) {
            handled.state = state;
            handled.opened = true;
            endedMeanwhile = handled.ended;
        }
        if (endedMeanwhile) {
            handler.closed(state);
        }
        return handled;
    }

    public Connection connection() {
        return connection;
    }

    public void received(M message) {
        handler.received(state, message);
    }

    public void receivedBinary(byte[] data) {
        if (!handler.receivedBinary(state, data)) {
            connection.close(Closes.TEXT_ONLY);
        }
    }

    /**
     * Ends the connection, once: the handler's part first (at once if it has opened, else when it has), then the
     * registry's and the disposal, whatever the handler throws.
     */
    void closed() {
        boolean tellHandler;
        S last;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            tellHandler = opened;
            last = state;
        }
        try {
            if (tellHandler) {
                handler.closed(last);
            }
        } finally {
            try {
                registry.remove(connection);
            } finally {
                disposeQuietly();
            }
        }
    }

    private void disposeQuietly() {
        try {
            dispose.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "disposing of the endpoint of " + connection + " failed", e);
        }
    }

    /** @see Endpoints#onError */
    static void failed(SessionRegistry registry, HandledConnection<?, ?> handled, Throwable failure) {
        Endpoints.onError(registry, handled == null ? null : handled.connection, failure, LOG);
    }
}
