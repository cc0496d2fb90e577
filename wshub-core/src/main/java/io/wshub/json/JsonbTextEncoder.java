package io.wshub.json;

import jakarta.json.bind.JsonbException;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;

import java.util.Objects;

/**
 * Encodes one message family to JSON text with the shared {@link Json#jsonb()}. Subclasses only name the family, so
 * that the container can instantiate them: {@code class StatsEncoder extends JsonbTextEncoder<StatsReply>}. Each
 * message is encoded as its own record type, whose {@code type} component comes first. Thread-safe: stateless but
 * for the type.
 */
public abstract class JsonbTextEncoder<T> implements Encoder.Text<T> {

    private final Class<T> type;

    protected JsonbTextEncoder(Class<T> type) {
        this.type = Objects.requireNonNull(type);
    }

    @Override
    public String encode(T message) throws EncodeException {
        try {
            return Json.jsonb().toJson(message);
        } catch (JsonbException e) {
            throw new EncodeException(message, "cannot encode " + type.getSimpleName(), e);
        }
    }
}
