package io.wshub.session;

import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One typed message on its way to any number of connections, perhaps of different {@link WireFormat}s: it is
 * encoded at most once per format, when the first recipient of that format needs it, and every recipient of the
 * format is handed the same text. A message a format cannot carry reaches none of that format's recipients, and
 * is logged once.
 * <p>
 * Thread-safe: the encodings are an immutable list behind a volatile field, read without a lock on every delivery
 * and extended under this object's monitor.
 */
public final class Broadcast {

    private static final Logger LOG = Logger.getLogger(Broadcast.class.getName());

    private final Object message;
    private volatile Encoding encodings;

    /** One format's encoding: its text, or null when the format cannot carry the message. */
    private record Encoding(WireFormat format, Outgoing.Text text, String failure, Encoding next) {
    }

    private Broadcast(Object message) {
        this.message = Objects.requireNonNull(message);
    }

    /** A message to broadcast, encoded when a recipient first needs it. */
    public static Broadcast of(Object message) {
        return new Broadcast(message);
    }

    /** The typed message. */
    public Object message() {
        return message;
    }

    /**
     * The message as a connection of {@code format} receives it.
     *
     * @throws IllegalArgumentException if the format cannot carry it
     */
    public Outgoing.Text encodedIn(WireFormat format) {
        Encoding encoding = encodingIn(format);
        if (encoding.text == null) {
            throw new IllegalArgumentException(encoding.failure);
        }
        return encoding.text;
    }

    /** As {@link #encodedIn}, for a delivery: null if the format cannot carry the message. */
    Outgoing.Text textIn(WireFormat format) {
        return encodingIn(format).text;
    }

    private Encoding encodingIn(WireFormat format) {
        for (Encoding encoding = encodings; encoding != null; encoding = encoding.next) {
            if (encoding.format == format) {
                return encoding;
            }
        }
        return encode(format);
    }

    private synchronized Encoding encode(WireFormat format) {
        for (Encoding encoding = encodings; encoding != null; encoding = encoding.next) {
            if (encoding.format == format) {
                return encoding;
            }
        }
        Encoding encoding;
        try {
            encoding = new Encoding(format, new Outgoing.Text(format.encode(message)), null, encodings);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "a " + message.getClass().getSimpleName() + " reaches no connection of "
                    + format.getClass().getSimpleName() + ": " + e.getMessage());
            encoding = new Encoding(format, null, e.getMessage(), encodings);
        }
        encodings = encoding;
        return encoding;
    }

    @Override
    public String toString() {
        return "Broadcast[" + message + "]";
    }
}
