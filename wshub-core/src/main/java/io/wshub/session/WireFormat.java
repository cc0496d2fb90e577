package io.wshub.session;

/**
 * How typed messages are written for the connections of one protocol: wshub's own JSON ({@link
 * io.wshub.json.RawJson}), or another carried over the same connections and stores (a Socket.IO namespace's
 * {@code 42["message",{...}]}). The services hand typed messages to the {@link Connection}s and the delivery; each
 * connection encodes them in its format, a {@link Broadcast} once per format for all its recipients. Implementations
 * are thread-safe and stateless.
 */
public interface WireFormat {

    /**
     * Writes a message as a connection of this format receives it.
     *
     * @throws IllegalArgumentException if this format cannot carry the message (a string in it is not valid
     *                                  Unicode: no container can send it)
     */
    String encode(Object message);
}
