package io.wshub.json;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;

/**
 * The one {@link Jsonb} of the application. Building a {@code Jsonb} is costly and an instance is thread-safe, so
 * every encoder, decoder and broadcast shares this one; it is never reconfigured. Null properties are left out;
 * messages name their property order with {@code @JsonbPropertyOrder} so that {@code type} comes first.
 */
public final class Json {

    private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig().withNullValues(false));

    private Json() {
    }

    public static Jsonb jsonb() {
        return JSONB;
    }

    /**
     * Encodes a message once, to be sent as text to any number of connections.
     *
     * @throws IllegalArgumentException if a string in it is not valid Unicode (a lone surrogate): no container can
     *                                  send it, and one recipient's failing send must not be every recipient's
     */
    public static String encode(Object message) {
        String json = JSONB.toJson(message);
        if (!JsonInput.isValidUnicode(json)) {
            throw new IllegalArgumentException("a string in " + message.getClass().getSimpleName()
                    + " is not valid Unicode (a lone surrogate)");
        }
        return json;
    }
}
