package io.wshub.session;

import java.nio.ByteBuffer;
import java.util.Objects;

/** One item in an {@link Outbox}: a frame to send, or the close that ends the connection. Immutable. */
public sealed interface Outgoing {

    /** A text message, already encoded (a broadcast once per wire format, shared by its recipients of that format). */
    record Text(String text) implements Outgoing {
        public Text {
            Objects.requireNonNull(text);
        }
    }

    /** A binary message; the buffer is not shared with anybody else and is consumed by the send. */
    record Binary(ByteBuffer data) implements Outgoing {
        public Binary {
            Objects.requireNonNull(data);
        }
    }

    /** A ping control frame; the outbox sends it ahead of the queued messages. */
    record Ping(ByteBuffer payload) implements Outgoing {
        public Ping {
            Objects.requireNonNull(payload);
        }
    }

    /** Closes the connection once everything queued before it has been sent. */
    record Close(CloseFrame reason) implements Outgoing {
        public Close {
            Objects.requireNonNull(reason);
        }
    }
}
