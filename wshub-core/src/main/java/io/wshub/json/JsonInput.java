package io.wshub.json;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads one JSON text from a client strictly, with JSON-P's streaming parser, before anything else looks at it:
 * exactly one value and nothing after it, nested at most {@value #MAX_DEPTH} deep, no number literal longer than
 * {@value #MAX_NUMBER_LENGTH} characters, and every string and key valid Unicode (a lone surrogate, which JSON's
 * {@code \ud800} escape can carry, cannot be written as UTF-8: a container's encoder throws an {@link Error} on it).
 * <p>
 * The limits are checked as the parser goes, so no input reaches a recursive reader or a number conversion that
 * would overflow the stack or spend time on a thousand digits (Parsson gives up only at a depth of 1,000, with a bare
 * {@code RuntimeException}, and on 1,100 digits, with an {@code UnsupportedOperationException}). Stateless.
 */
public final class JsonInput {

    /** How deep objects and arrays may nest in one message. */
    public static final int MAX_DEPTH = 32;
    /** The longest number literal, in characters. */
    public static final int MAX_NUMBER_LENGTH = 64;

    private JsonInput() {
    }

    /** Why a text was refused; the message is for the client. */
    public static final class Invalid extends Exception {

        private final transient JsonValue value;

        Invalid(String message) {
            this(message, null);
        }

        Invalid(String message, JsonValue value) {
            super(message, null, false, false);
            this.value = value;
        }

        /**
         * The value as read, when only a string in it was refused (not valid Unicode), so that the answer can still
         * name the client's id; null when the text could not be read whole.
         */
        public JsonValue value() {
            return value;
        }
    }

    /**
     * Decodes UTF-8 bytes, refusing malformed ones rather than replacing them with U+FFFD.
     *
     * @throws Invalid if the bytes are not UTF-8
     */
    public static String utf8(byte[] bytes) throws Invalid {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new Invalid("not valid UTF-8");
        }
    }

    /** @return the one JSON value of the text */
    public static JsonValue read(String text) throws Invalid {
        Deque<Open> open = new ArrayDeque<>();
        String key = null;
        JsonValue result = null;
        boolean[] validUnicode = {true};
        try (JsonParser parser = Json.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                throw new Invalid("not valid JSON");
            }
            while (result == null) {
                JsonParser.Event event = parser.next();
                switch (event) {
                    case KEY_NAME -> key = checked(parser.getString(), validUnicode);
                    case START_OBJECT, START_ARRAY -> {
                        if (open.size() >= MAX_DEPTH) {
                            throw new Invalid("nested deeper than " + MAX_DEPTH + " levels");
                        }
                        open.push(new Open(key, event == JsonParser.Event.START_OBJECT
                                ? Json.createObjectBuilder() : Json.createArrayBuilder()));
                        key = null;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        Open done = open.pop();
                        result = add(open, done.key(), done.build());
                        key = null;
                    }
                    case VALUE_STRING -> {
                        result = add(open, key, Json.createValue(checked(parser.getString(), validUnicode)));
                        key = null;
                    }
                    case VALUE_NUMBER -> {
                        if (parser.getString().length() > MAX_NUMBER_LENGTH) {
                            throw new Invalid("a number longer than " + MAX_NUMBER_LENGTH + " characters");
                        }
                        result = add(open, key, parser.getValue());
                        key = null;
                    }
                    case VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> {
                        result = add(open, key, parser.getValue());
                        key = null;
                    }
                }
            }
            if (parser.hasNext()) {
                throw new Invalid("more than one JSON value");
            }
            if (!validUnicode[0]) {
                throw new Invalid("a string that is not valid Unicode (a lone surrogate)", result);
            }
            return result;
        } catch (JsonException | IllegalStateException | NumberFormatException | ArithmeticException e) {
            // JsonParsingException for broken text; Parsson reports "more after the value" from hasNext() the same way
            throw new Invalid("not valid JSON");
        }
    }

    /** An object or array being read, and the key it will stand under in its parent object, if any. */
    private record Open(String key, Object builder) {

        void add(String name, JsonValue value) {
            if (builder instanceof JsonObjectBuilder object) {
                object.add(name, value);
            } else {
                ((JsonArrayBuilder) builder).add(value);
            }
        }

        JsonValue build() {
            return builder instanceof JsonObjectBuilder object ? object.build() : ((JsonArrayBuilder) builder).build();
        }
    }

    /** Adds a finished value to the innermost open container; returns it if it is the whole text, else null. */
    private static JsonValue add(Deque<Open> open, String key, JsonValue value) {
        Open parent = open.peek();
        if (parent == null) {
            return value;
        }
        parent.add(key, value);
        return null;
    }

    /** Notes a string that is not valid Unicode; the text is refused once it has been read. */
    private static String checked(String string, boolean[] validUnicode) {
        if (!isValidUnicode(string)) {
            validUnicode[0] = false;
        }
        return string;
    }

    /** Whether every surrogate in the string is half of a pair, so that it can be encoded as UTF-8. */
    public static boolean isValidUnicode(CharSequence text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            }
        }
        return true;
    }
}
