package io.wshub.json;

import io.wshub.session.WireFormat;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;

import java.util.Objects;

/**
 * wshub's own wire format, spoken by every WebSocket endpoint: each message is the JSON-B encoding of its record,
 * whose {@code type} component comes first ({@code {"type":"message","room":"lobby","seq":7,...}}). The canonical
 * format: a message it cannot carry, no format can, so publishers check their messages with it before they take a
 * seq. The application's instance is produced by {@link JsonProducers}. Thread-safe: the {@code Jsonb} is.
 */
public final class RawJson implements WireFormat {

    private final Jsonb jsonb;

    public RawJson(Jsonb jsonb) {
        this.jsonb = Objects.requireNonNull(jsonb);
    }

    /**
     * @throws IllegalArgumentException if JSON-B cannot write the message, or a string in it is not valid Unicode (a
     *                                  lone surrogate): no container can send it, and one recipient's failing send
     *                                  must not be every recipient's
     */
    @Override
    public String encode(Object message) {
        String json;
        try {
            json = jsonb.toJson(message);
        } catch (JsonbException e) {
            throw new IllegalArgumentException("JSON-B cannot write a " + message.getClass().getSimpleName() + ": "
                    + e.getMessage(), e);
        }
        if (!JsonInput.isValidUnicode(json)) {
            throw new IllegalArgumentException("a string in " + message.getClass().getSimpleName()
                    + " is not valid Unicode (a lone surrogate)");
        }
        return json;
    }
}
