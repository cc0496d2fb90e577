package io.wshub.echo;

import io.wshub.session.Connection;
import io.wshub.session.StatelessHandler;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.ByteBuffer;

/**
 * Echoes every text and binary message unchanged and in order. A client that sends faster than it reads fills its
 * outbox and is closed with 1013. Stateless.
 */
@ApplicationScoped
public class EchoHandler implements StatelessHandler<String> {

    @Override
    public void received(Connection connection, String text) {
        if (connection.admits(text)) {
            connection.send(text);
        }
    }

    /** The container may reuse a {@code ByteBuffer} once its handler returns; a {@code byte[]} is the message's. */
    @Override
    public boolean receivedBinary(Connection connection, byte[] data) {
        if (connection.admits(data)) {
            connection.send(ByteBuffer.wrap(data));
        }
        return true;
    }
}
