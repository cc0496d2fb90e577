package io.wshub.counter;

import io.wshub.json.ErrorCode;
import io.wshub.json.ErrorMessage;
import io.wshub.json.JsonbTextEncoder;
import io.wshub.json.MessageSize;
import io.wshub.json.RejectedMessageException;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.websocket.DecodeException;
import jakarta.websocket.EndpointConfig;

import java.io.StringReader;

/**
 * The codecs of {@code /ws/counter}. Its messages keep the seeds' shape, {@code {"action":"plus"}}, which has no
 * {@code type}, so the decoder reads the one field itself; failures are {@link RejectedMessageException}s like
 * every other decoder's. The container instantiates them; stateless.
 */
public final class CounterCodec {

    /** A known message with an unknown action. */
    public static final String UNKNOWN_ACTION = "unknown-action";

    private CounterCodec() {
    }

    public static class Decoder implements jakarta.websocket.Decoder.Text<CounterAction> {

        private int limit = Integer.MAX_VALUE;

        /** Takes the message size limit from the settings (see {@link MessageSize}). */
        @Override
        public void init(EndpointConfig config) {
            limit = MessageSize.configuredLimit();
        }

        @Override
        public CounterAction decode(String text) throws DecodeException {
            MessageSize.check(text, limit);
            JsonValue value;
            try (JsonReader reader = Json.createReader(new StringReader(text))) {
                value = reader.readValue();
            } catch (JsonException e) {
                throw reject(text, ErrorCode.BAD_REQUEST, "not valid JSON");
            }
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

        @Override
        public boolean willDecode(String text) {
            return true;
        }

        private static RejectedMessageException reject(String text, String code, String message) {
            return new RejectedMessageException(text, new ErrorMessage(null, code, message), null);
        }
    }

    public static class Encoder extends JsonbTextEncoder<CounterMessage> {
        public Encoder() {
            super(CounterMessage.class);
        }
    }
}
