package io.wshub.json;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.websocket.DecodeException;

/**
 * A client's {@code {"type":"refresh","token":"...","id":"..."}}: a new token for the connection's identity, which
 * every JSON endpoint accepts besides its own messages. It leaves the decoder as a {@link DecodeException}, so that it
 * reaches the endpoint's {@code @OnError} on every container without being a message of the endpoint's own family,
 * as {@link RejectedMessageException} does; {@code io.wshub.session.TokenRefresh} carries it out. Immutable.
 */
public class RefreshRequest extends DecodeException {

    /** The {@code type} of a refresh. */
    public static final String TYPE = "refresh";

    private final String id;
    private final transient String token;

    private RefreshRequest(String id, String token) {
        super("(refresh)", "a token refresh");
        this.id = id;
        this.token = token;
    }

    /**
     * The refresh a JSON value asks for, if it is one.
     *
     * @return null when the value is not a refresh
     * @throws RejectedMessageException for a refresh without a string {@code token}, or with an {@code id} that is
     *                                  not a string
     */
    public static RefreshRequest of(String text, JsonValue value) throws RejectedMessageException {
        if (!(value instanceof JsonObject object) || !(object.get("type") instanceof JsonString type)
                || !TYPE.equals(type.getString())) {
            return null;
        }
        JsonValue id = object.get("id");
        if (id != null && id != JsonValue.NULL && !(id instanceof JsonString)) {
            throw new RejectedMessageException(text, new ErrorMessage(null, ErrorCode.BAD_REQUEST,
                    "\"id\" must be a string"), null);
        }
        String answeredId = id instanceof JsonString s ? s.getString() : null;
        if (!(object.get("token") instanceof JsonString token) || token.getString().isEmpty()) {
            throw new RejectedMessageException(text, new ErrorMessage(answeredId, ErrorCode.BAD_REQUEST,
                    "a refresh needs \"token\": a JWT"), null);
        }
        return new RefreshRequest(answeredId, token.getString());
    }

    /** The client's id, to answer with; null if it sent none. */
    public String id() {
        return id;
    }

    public String token() {
        return token;
    }
}
