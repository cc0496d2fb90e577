package io.wshub.fuzz;

import io.wshub.security.HttpAnswer;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.wshub.chat.message.ChatCodec;
import io.wshub.config.Settings;
import io.wshub.counter.CounterCodec;
import io.wshub.feed.HttpPublish;
import io.wshub.json.ErrorCode;
import io.wshub.json.MessageSize;
import io.wshub.json.RejectedMessageException;
import io.wshub.session.Lifecycle;
import io.wshub.stats.StatsCodec;
import io.wshub.testing.Access;
import io.wshub.testing.LocalNode;
import io.wshub.testing.MutableClock;
import io.wshub.testing.TestJson;
import jakarta.json.JsonObject;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import org.junit.jupiter.api.AfterAll;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every decoder, and the HTTP publish API, against any text: each either gives a message or refuses it with one of
 * the error codes {@code docs/protocol.md} documents, in an answer that itself encodes; nothing else escapes. The
 * corpora under {@code src/test/resources/io/wshub/fuzz/DecoderFuzzTestInputs/} (seeds of every input class the
 * hardening issue lists, and whatever fuzzing found) are replayed by every test run; {@code -Pfuzz} fuzzes.
 */
class DecoderFuzzTest {

    private static final Set<String> DECODER_ERRORS = Set.of(ErrorCode.BAD_REQUEST, ErrorCode.UNKNOWN_TYPE,
            CounterCodec.UNKNOWN_ACTION);
    private static final Set<Integer> PUBLISH_STATUSES = Set.of(202, 400, 413);

    private static final Settings SETTINGS = new Settings(name -> null, new Properties());
    private static final LocalNode NODE = new LocalNode(new MutableClock(), new Lifecycle(event -> { }), SETTINGS);
    private static final HttpPublish PUBLISH = new HttpPublish(NODE.feeds(), SETTINGS, Access.checks(SETTINGS));

    @AfterAll
    static void stop() {
        NODE.close();
    }

    @FuzzTest
    void groupChatCommands(byte[] text) {
        decodeOrRefuse(new ChatCodec.GroupDecoder(), text);
    }

    @FuzzTest
    void privateChatCommands(byte[] text) {
        decodeOrRefuse(new ChatCodec.PrivateDecoder(), text);
    }

    @FuzzTest
    void counterActions(byte[] text) {
        decodeOrRefuse(new CounterCodec.Decoder(), text);
    }

    @FuzzTest
    void statsCommands(byte[] text) {
        decodeOrRefuse(new StatsCodec.Decoder(), text);
    }

    /** Raw bytes: invalid UTF-8 included, which the WebSocket layer keeps from the decoders but HTTP does not. */
    @FuzzTest
    void publishedBodies(byte[] body) throws IOException {
        HttpAnswer answer = PUBLISH.post(Access.publish("fuzz", null, "application/json", null,
                "localhost:8080", false, InetAddress.getLoopbackAddress(), body.length),
                new ByteArrayInputStream(body));
        assertTrue(PUBLISH_STATUSES.contains(answer.status()), answer.status() + ": " + answer.body());
        JsonObject parsed = jakarta.json.Json.createReader(new StringReader(answer.body())).readObject();
        if (answer.status() == 202) {
            assertTrue(parsed.getJsonNumber("seq").longValue() > 0, answer.body());
        } else {
            assertNotNull(parsed.getString("error"), answer.body());
        }
    }

    /**
     * A WebSocket text message is valid UTF-8 (the container refuses any other with 1007), so the input is read as
     * UTF-8; what JSON escapes can say ({@code \\ud800}) gets through, as it does on the wire.
     */
    private static void decodeOrRefuse(Decoder.Text<?> decoder, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        try {
            assertNotNull(decoder.decode(text));
        } catch (RejectedMessageException refused) {
            assertTrue(DECODER_ERRORS.contains(refused.answer().code()), refused.answer().toString());
            JsonObject answer = jakarta.json.Json.createReader(new StringReader(TestJson.RAW.encode(refused.answer())))
                    .readObject();
            assertEquals("error", answer.getString("type"));
        } catch (MessageSize.TooBig tooBig) {
            // documented: the endpoint closes with 1009
        } catch (DecodeException undocumented) {
            throw new AssertionError("a refusal without a documented answer", undocumented);
        }
    }
}
