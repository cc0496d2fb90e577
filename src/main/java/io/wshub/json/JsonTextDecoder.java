package io.wshub.json;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;

import java.io.StringReader;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decodes one message family, a sealed interface annotated with {@link JsonbTypeInfo} whose key is {@code type},
 * with the shared {@link Json#jsonb()}. Subclasses only name the family, so the container can instantiate them.
 * <p>
 * Every failure becomes a {@link RejectedMessageException} carrying the error to answer: {@code unknown-type} for a
 * {@code type} the endpoint does not accept, {@code bad-request} for anything else, with the client's {@code id} when
 * it sent one. Only a failed message is parsed a second time (with JSON-P) to tell these apart.
 * Thread-safe: stateless but for the type and its aliases.
 */
public abstract class JsonbTextDecoder<T> implements Decoder.Text<T> {

    private final Class<T> type;
    private final Map<Class<?>, String> aliasOf;
    private final Set<String> accepted;
    private int limit = Integer.MAX_VALUE;

    /** A decoder for every type of the family. */
    protected JsonbTextDecoder(Class<T> type) {
        this(type, aliasesOf(type).values().toArray(String[]::new));
    }

    /** A decoder for some types of the family; the others are answered {@code unknown-type}. */
    protected JsonbTextDecoder(Class<T> type, String... acceptedAliases) {
        this.type = Objects.requireNonNull(type);
        this.aliasOf = aliasesOf(type);
        this.accepted = Set.of(acceptedAliases);
        if (!aliasOf.values().containsAll(accepted)) {
            throw new IllegalArgumentException(type + " has no subtype among " + accepted);
        }
    }

    /** Takes the message size limit from the settings (see {@link MessageSize}). */
    @Override
    public void init(EndpointConfig config) {
        limit = MessageSize.configuredLimit();
    }

    @Override
    public T decode(String text) throws DecodeException {
        MessageSize.check(text, limit);
        T message;
        try {
            message = Json.jsonb().fromJson(text, type);
        } catch (RuntimeException e) {
            throw rejected(text, e);
        }
        if (message == null || !accepted.contains(aliasOf.get(message.getClass()))) {
            throw rejected(text, null);
        }
        return message;
    }

    @Override
    public boolean willDecode(String text) {
        return true;
    }

    private RejectedMessageException rejected(String text, RuntimeException cause) {
        JsonValue value;
        try (JsonReader reader = jakarta.json.Json.createReader(new StringReader(text))) {
            value = reader.readValue();
        } catch (JsonException e) {
            return reject(text, null, ErrorCode.BAD_REQUEST, "not valid JSON", e);
        }
        if (!(value instanceof JsonObject object)) {
            return reject(text, null, ErrorCode.BAD_REQUEST, "expected a JSON object", cause);
        }
        String id = object.get("id") instanceof JsonString s ? s.getString() : null;
        if (!(object.get("type") instanceof JsonString typeName)) {
            return reject(text, id, ErrorCode.BAD_REQUEST, "missing \"type\" (a string)", cause);
        }
        if (!accepted.contains(typeName.getString())) {
            return reject(text, id, ErrorCode.UNKNOWN_TYPE, "unknown type \"" + typeName.getString() + "\"; known: "
                    + String.join(", ", accepted.stream().sorted().toList()), cause);
        }
        return reject(text, id, ErrorCode.BAD_REQUEST, "invalid \"" + typeName.getString() + "\" message", cause);
    }

    private static Map<Class<?>, String> aliasesOf(Class<?> family) {
        JsonbTypeInfo info = family.getAnnotation(JsonbTypeInfo.class);
        if (info == null || !"type".equals(info.key())) {
            throw new IllegalArgumentException(family + " needs @JsonbTypeInfo(key = \"type\", ...)");
        }
        return Arrays.stream(info.value())
                .collect(Collectors.toUnmodifiableMap(JsonbSubtype::type, JsonbSubtype::alias));
    }

    private static RejectedMessageException reject(String text, String id, String code, String message,
                                                   Throwable cause) {
        return new RejectedMessageException(text, new ErrorMessage(id, code, message), cause);
    }
}
