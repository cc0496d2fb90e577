package io.wshub.json;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;

/**
 * What every JSON decoder of wshub does first: checks {@code max-message-size} (see {@link MessageSize}) and reads
 * the text with {@link JsonInput}'s rules, answering a broken text {@code bad-request}; hands a token refresh on
 * ({@link RefreshRequest}), which every JSON endpoint accepts; subclasses turn any other value into a message. The
 * container instantiates decoders; thread-safe once initialized.
 */
public abstract class JsonMessageDecoder<T> implements Decoder.Text<T> {

    private int limit = Integer.MAX_VALUE;

    /** Takes the message size limit from the settings. */
    @Override
    public void init(EndpointConfig config) {
        limit = MessageSize.configuredLimit();
    }

    @Override
    public final T decode(String text) throws DecodeException {
        MessageSize.check(text, limit);
        JsonValue value;
        try {
            value = JsonInput.read(text);
        } catch (JsonInput.Invalid e) {
            throw new RejectedMessageException(text,
                    new ErrorMessage(validIdOf(e.value()), ErrorCode.BAD_REQUEST, e.getMessage()), null);
        }
        RefreshRequest refresh = RefreshRequest.of(text, value);
        if (refresh != null) {
            throw refresh;
        }
        return decode(text, value);
    }

    /** Turns a value read within the rules into a message, or throws {@link RejectedMessageException}. */
    protected abstract T decode(String text, JsonValue value) throws DecodeException;

    @Override
    public boolean willDecode(String text) {
        return true;
    }

    /** The client's id in a message refused for another string, if the id itself is a valid string. */
    private static String validIdOf(JsonValue value) {
        if (value instanceof JsonObject object && object.get("id") instanceof JsonString id
                && JsonInput.isValidUnicode(id.getString())) {
            return id.getString();
        }
        return null;
    }
}
