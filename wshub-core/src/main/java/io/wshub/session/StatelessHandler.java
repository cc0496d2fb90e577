package io.wshub.session;

import java.util.Map;

/** A {@link ConnectionHandler} that keeps nothing per connection: its state is the connection itself. */
public interface StatelessHandler<M> extends ConnectionHandler<M, Connection> {

    @Override
    default Connection opened(Connection connection, Map<String, String> parameters) {
        return connection;
    }

    @Override
    default void closed(Connection connection) {
        // nothing to let go of
    }
}
