package io.wshub.json;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;
import jakarta.websocket.DecodeException;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decodes one message family: a sealed interface of records, annotated with {@link JsonbTypeInfo} whose key is
 * {@code type}, which names each record's alias. Subclasses only name the family, so the container can instantiate
 * them.
 * <p>
 * Strict where JSON-B is lenient: the text is read with {@link JsonInput} (one value, bounded depth and numbers,
 * valid Unicode), and each record component must have its JSON shape: a {@code String} a JSON string, a
 * {@code Long} or {@code Integer} an integer in range, a {@code Boolean} true or false; absent or {@code null} gives
 * null. JSON-B would turn {@code 123} into {@code "123"} and ignore a second object after the first. Fields the
 * record does not have are ignored, so that a newer client can talk to an older server.
 * <p>
 * Every failure becomes a {@link RejectedMessageException} carrying the error to answer: {@code unknown-type} for a
 * {@code type} the endpoint does not accept, {@code bad-request} for anything else, with the client's {@code id} when
 * it sent one as a string. Thread-safe: immutable after construction.
 */
public abstract class JsonTextDecoder<T> extends JsonMessageDecoder<T> {

    /** The longest client id: ids are remembered for de-duplication, so their size bounds memory. */
    public static final int MAX_ID_LENGTH = 128;

    /** The longest type name echoed back in an {@code unknown-type} error. */
    private static final int ECHOED_TYPE_LENGTH = 64;

    private final Class<T> family;
    private final Map<String, Binding> accepted;

    /** A decoder for every type of the family. */
    protected JsonTextDecoder(Class<T> family) {
        this(family, aliasesOf(family).values().toArray(String[]::new));
    }

    /** A decoder for some types of the family; the others are answered {@code unknown-type}. */
    protected JsonTextDecoder(Class<T> family, String... acceptedAliases) {
        this.family = Objects.requireNonNull(family);
        Map<Class<?>, String> aliases = aliasesOf(family);
        Set<String> wanted = Set.of(acceptedAliases);
        if (!aliases.values().containsAll(wanted)) {
            throw new IllegalArgumentException(family + " has no subtype among " + wanted);
        }
        this.accepted = aliases.entrySet().stream()
                .filter(alias -> wanted.contains(alias.getValue()))
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getValue, alias -> Binding.of(alias.getKey())));
    }

    @Override
    protected T decode(String text, JsonValue value) throws DecodeException {
        if (!(value instanceof JsonObject object)) {
            throw reject(text, null, ErrorCode.BAD_REQUEST, "expected a JSON object");
        }
        JsonValue idValue = object.get("id");
        String id = idValue instanceof JsonString s ? s.getString() : null;
        if (idValue != null && id == null && idValue != JsonValue.NULL) {
            throw reject(text, null, ErrorCode.BAD_REQUEST, "\"id\" must be a string");
        }
        if (id != null && id.length() > MAX_ID_LENGTH) {
            throw reject(text, null, ErrorCode.BAD_REQUEST, "\"id\" is at most " + MAX_ID_LENGTH + " characters");
        }
        if (!(object.get("type") instanceof JsonString typeName)) {
            throw reject(text, id, ErrorCode.BAD_REQUEST, "missing \"type\" (a string)");
        }
        Binding binding = accepted.get(typeName.getString());
        if (binding == null) {
            String shown = typeName.getString();
            if (shown.length() > ECHOED_TYPE_LENGTH) {
                shown = shown.substring(0, ECHOED_TYPE_LENGTH) + "...";
            }
            throw reject(text, id, ErrorCode.UNKNOWN_TYPE, "unknown type \"" + shown + "\"; known: "
                    + String.join(", ", accepted.keySet().stream().sorted().toList()));
        }
        try {
            return family.cast(binding.bind(object));
        } catch (IllegalArgumentException e) {
            throw reject(text, id, ErrorCode.BAD_REQUEST,
                    "invalid \"" + typeName.getString() + "\" message: " + e.getMessage());
        }
    }

    private static Map<Class<?>, String> aliasesOf(Class<?> family) {
        JsonbTypeInfo info = family.getAnnotation(JsonbTypeInfo.class);
        if (info == null || !"type".equals(info.key())) {
            throw new IllegalArgumentException(family + " needs @JsonbTypeInfo(key = \"type\", ...)");
        }
        return Arrays.stream(info.value())
                .collect(Collectors.toUnmodifiableMap(JsonbSubtype::type, JsonbSubtype::alias));
    }

    private static RejectedMessageException reject(String text, String id, String code, String message) {
        return new RejectedMessageException(text, new ErrorMessage(id, code, message), null);
    }

    /** How one record is built from a JSON object: a converter per component, and the canonical constructor. */
    private record Binding(String[] names, Function<JsonValue, Object>[] converters, Constructor<?> constructor) {

        @SuppressWarnings("unchecked")
        static Binding of(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            if (components == null) {
                throw new IllegalArgumentException(type + " is not a record");
            }
            String[] names = new String[components.length];
            Function<JsonValue, Object>[] converters = new Function[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                names[i] = components[i].getName();
                types[i] = components[i].getType();
                converters[i] = converter(names[i], types[i]);
            }
            try {
                return new Binding(names, converters, type.getDeclaredConstructor(types));
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(type + " has no canonical constructor", e);
            }
        }

        Object bind(JsonObject object) {
            Object[] arguments = new Object[names.length];
            for (int i = 0; i < names.length; i++) {
                JsonValue value = object.get(names[i]);
                arguments[i] = value == null || value == JsonValue.NULL ? null : converters[i].apply(value);
            }
            try {
                return constructor.newInstance(arguments);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof IllegalArgumentException invalid) {
                    throw invalid;
                }
                throw new IllegalStateException("cannot build " + constructor.getDeclaringClass(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot build " + constructor.getDeclaringClass(), e);
            }
        }

        private static Function<JsonValue, Object> converter(String name, Class<?> type) {
            if (type == String.class) {
                return value -> {
                    if (value instanceof JsonString string) {
                        return string.getString();
                    }
                    throw new IllegalArgumentException("\"" + name + "\" must be a string");
                };
            }
            if (type == Long.class) {
                return value -> integer(name, value, Long.MIN_VALUE, Long.MAX_VALUE);
            }
            if (type == Integer.class) {
                return value -> (int) integer(name, value, Integer.MIN_VALUE, Integer.MAX_VALUE);
            }
            if (type == Boolean.class) {
                return value -> {
                    if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
                        return value == JsonValue.TRUE;
                    }
                    throw new IllegalArgumentException("\"" + name + "\" must be true or false");
                };
            }
            throw new IllegalArgumentException("component " + name + " of type " + type.getName()
                    + " cannot be decoded: use String, Long, Integer or Boolean");
        }

        private static long integer(String name, JsonValue value, long min, long max) {
            if (value instanceof JsonNumber number && number.isIntegral()) {
                try {
                    long exact = number.longValueExact();
                    if (exact >= min && exact <= max) {
                        return exact;
                    }
                } catch (ArithmeticException outOfRange) {
                    // reported below
                }
            }
            throw new IllegalArgumentException("\"" + name + "\" must be a whole number from " + min + " to " + max);
        }
    }
}
