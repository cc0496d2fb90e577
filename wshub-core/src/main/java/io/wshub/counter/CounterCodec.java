package io.wshub.counter;

import io.wshub.json.ErrorCode;
import io.wshub.json.ErrorMessage;
import io.wshub.json.JsonMessageDecoder;
import io.wshub.json.RejectedMessageException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.websocket.DecodeException;

/**
 * The decoder of {@code /ws/counter}. Its messages keep the seeds' shape, {@code {"action":"plus"}}, which has no
 * {@code type}, so the decoder reads the one field itself; failures are {@link RejectedMessageException}s like
 * every other decoder's. The container instantiates it; stateless.
 */
public final class CounterCodec {

    /** A known message with an unknown action. */
    public static final String UNKNOWN_ACTION = "unknown-action";

    private CounterCodec() {
    }

    public static class Decoder extends JsonMessageDecoder<CounterAction> {

        @Override
        protected CounterAction decode(String text, JsonValue value) throws DecodeException {
            if (!(value instanceof JsonObject object) || !(object.get("action") instanceof JsonString action)) {
                throw reject(text, ErrorCode.BAD_REQUEST, "expected {\"action\":\"plus\"} or {\"action\":\"minus\"}");
            }
            return switch (action.getString()) {
                case "plus" -> CounterAction.PLUS;
                case "minus" -> CounterAction.MINUS;
                default -> throw reject(text, UNKNOWN_ACTION,
                        "unknown action \"" + action.getString() + "\"; known: plus, minus");
            };
        }

        private static RejectedMessageException reject(String text, String code, String message) {
            return new RejectedMessageException(text, new ErrorMessage(null, code, message), null);
        }
    }
}
