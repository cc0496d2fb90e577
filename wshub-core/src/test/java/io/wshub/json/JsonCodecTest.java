package io.wshub.json;

import io.wshub.stats.StatsCodec;
import io.wshub.stats.StatsCommand;
import io.wshub.stats.StatsReply;
import io.wshub.testing.TestJson;
import jakarta.websocket.DecodeException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonCodecTest {

    private final StatsCodec.Decoder decoder = new StatsCodec.Decoder();

    @Test
    void decodesByTheTypeDiscriminatorWhereverItStands() throws DecodeException {
        assertEquals(new StatsCommand.Stats("1"), decoder.decode("{\"type\":\"stats\",\"id\":\"1\"}"));
        assertEquals(new StatsCommand.Stats("2"), decoder.decode("{\"id\":\"2\",\"type\":\"stats\"}"));
        assertEquals(new StatsCommand.Stats(null), decoder.decode("{\"type\":\"stats\",\"extra\":[1,2]}"));
    }

    @Test
    void tellsAnUnknownTypeFromABadRequestAndKeepsTheClientsId() {
        assertEquals(new ErrorMessage("a", ErrorCode.UNKNOWN_TYPE, "unknown type \"fly\"; known: stats"),
                rejected("{\"type\":\"fly\",\"id\":\"a\"}"));
        assertEquals(new ErrorMessage(null, ErrorCode.BAD_REQUEST, "not valid JSON"), rejected("{\"type\":"));
        assertEquals(new ErrorMessage(null, ErrorCode.BAD_REQUEST, "not valid JSON"), rejected(""));
        assertEquals(new ErrorMessage(null, ErrorCode.BAD_REQUEST, "expected a JSON object"), rejected("\"stats\""));
        assertEquals(new ErrorMessage(null, ErrorCode.BAD_REQUEST, "expected a JSON object"), rejected("null"));
        assertEquals(new ErrorMessage("b", ErrorCode.BAD_REQUEST, "missing \"type\" (a string)"),
                rejected("{\"id\":\"b\",\"type\":7}"));
        assertEquals(new ErrorMessage(null, ErrorCode.BAD_REQUEST, "\"id\" must be a string"),
                rejected("{\"type\":\"stats\",\"id\":[\"not\",\"a\",\"string\"]}"));
    }

    @Test
    void encodesTypeFirstAndLeavesOutNulls() throws Exception {
        assertEquals("{\"type\":\"error\",\"code\":\"bad-request\",\"message\":\"no\"}",
                TestJson.RAW.encode(new ErrorMessage(null, ErrorCode.BAD_REQUEST, "no")));
        assertEquals("{\"type\":\"stats\",\"you\":\"alice\",\"anonymous\":false,\"connections\":3,\"users\":2,"
                + "\"groups\":1,\"maxQueued\":0,\"dropped\":0}",
                TestJson.RAW.encode(new StatsReply(null, "alice", false, 3, 2, 1, 0, 0)));
    }

    @Test
    void measuresTheLimitInUtf8Bytes() {
        assertEquals(false, MessageSize.exceeds("x".repeat(10), 10));
        assertEquals(true, MessageSize.exceeds("x".repeat(11), 10));
        assertEquals(false, MessageSize.exceeds("é".repeat(5), 10));
        assertEquals(true, MessageSize.exceeds("é".repeat(6), 10));
        assertEquals(true, MessageSize.exceeds("🌍".repeat(3), 10));
        assertThrows(MessageSize.TooBig.class, () -> MessageSize.check("x".repeat(11), 10));
    }

    @Test
    void refusesAFamilyWithoutTypeInfo() {
        class Untyped extends JsonTextDecoder<String> {
            Untyped() {
                super(String.class);
            }
        }
        assertThrows(IllegalArgumentException.class, Untyped::new);
    }

    private ErrorMessage rejected(String text) {
        RejectedMessageException e = assertThrows(RejectedMessageException.class, () -> decoder.decode(text));
        return e.answer();
    }
}
