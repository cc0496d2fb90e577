package io.wshub.chat;

import io.wshub.chat.message.ChatCodec;
import io.wshub.json.ErrorCode;
import io.wshub.json.ErrorMessage;
import io.wshub.json.RejectedMessageException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every field of every chat command given every wrong JSON shape is answered {@code bad-request}, with the client's
 * id; so are texts that are not valid Unicode, nesting and numbers past the limits, and trailing text.
 */
class ChatStrictDecodingTest {

    /** Each command's fields and the JSON type each must have. */
    private static final Map<String, Map<String, String>> FIELDS = Map.of(
            "say", Map.of("room", "string", "text", "string"),
            "join", Map.of("room", "string"),
            "leave", Map.of("room", "string"),
            "rooms", Map.of(),
            "whisper", Map.of("to", "string", "text", "string"),
            "resume", Map.of("room", "string", "after", "integer", "epoch", "string"));

    /** A value of each JSON shape, by the shape it is. */
    private static final Map<String, String> SHAPES = Map.of(
            "string", "\"r\"",
            "integer", "5",
            "fraction", "5.5",
            "true", "true",
            "false", "false",
            "object", "{\"a\":1}",
            "array", "[\"r\"]");

    private final ChatCodec.GroupDecoder decoder = new ChatCodec.GroupDecoder();

    static Stream<Arguments> wrongShapes() {
        List<Arguments> cases = new ArrayList<>();
        FIELDS.forEach((type, fields) -> fields.forEach((field, wanted) -> SHAPES.forEach((shape, json) -> {
            if (!shape.equals(wanted)) {
                cases.add(Arguments.of(type, field, json));
            }
        })));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}.{1} = {2}")
    @MethodSource("wrongShapes")
    void aFieldOfTheWrongShapeIsABadRequest(String type, String field, String value) {
        ErrorMessage answer = rejected("{\"type\":\"" + type + "\",\"id\":\"c1\",\"" + field + "\":" + value + "}");

        assertEquals(ErrorCode.BAD_REQUEST, answer.code());
        assertEquals("c1", answer.id());
        assertTrue(answer.message().contains("\"" + field + "\""), answer.message());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedTextIsABadRequest(String why, String text, String expected) {
        ErrorMessage answer = rejected(text);

        assertEquals(ErrorCode.BAD_REQUEST, answer.code());
        assertTrue(answer.message().contains(expected), answer.message());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("a lone high surrogate in a text", "{\"type\":\"say\",\"text\":\"\\ud800\",\"id\":\"s1\"}",
                        "not valid Unicode"),
                Arguments.of("a lone low surrogate", "{\"type\":\"say\",\"text\":\"a\\udc00b\"}", "not valid Unicode"),
                Arguments.of("a reversed pair", "{\"type\":\"say\",\"text\":\"\\udc00\\ud800\"}", "not valid Unicode"),
                Arguments.of("a surrogate in a key", "{\"type\":\"say\",\"text\":\"x\",\"\\ud800\":1}",
                        "not valid Unicode"),
                Arguments.of("a surrogate in an unknown field",
                        "{\"type\":\"say\",\"text\":\"x\",\"extra\":[\"\\ud800\"]}", "not valid Unicode"),
                Arguments.of("1,000 levels of nesting",
                        "{\"type\":\"say\",\"text\":" + "[".repeat(1_000) + "]".repeat(1_000) + "}",
                        "nested deeper than 32 levels"),
                Arguments.of("10,000 levels of nesting", "[".repeat(10_000) + "]".repeat(10_000),
                        "nested deeper than 32 levels"),
                Arguments.of("a number of 1,200 digits",
                        "{\"type\":\"resume\",\"room\":\"r\",\"after\":" + "1".repeat(1_200) + "}",
                        "a number longer than 64 characters"),
                Arguments.of("a long number in an unknown field",
                        "{\"type\":\"rooms\",\"n\":" + "9".repeat(1_200) + "}", "a number longer than 64 characters"),
                Arguments.of("trailing garbage", "{\"type\":\"rooms\"} x", "not valid JSON"),
                Arguments.of("two objects", "{\"type\":\"rooms\"}{\"type\":\"rooms\"}", ""),
                Arguments.of("an id of 129 characters", "{\"type\":\"rooms\",\"id\":\"" + "i".repeat(129) + "\"}",
                        "\"id\" is at most 128 characters"),
                Arguments.of("a seq too large for a long",
                        "{\"type\":\"resume\",\"room\":\"r\",\"after\":99999999999999999999}", "\"after\""));
    }

    @org.junit.jupiter.api.Test
    void aMessageRefusedForALoneSurrogateIsAnsweredWithItsId() {
        assertEquals("s1", rejected("{\"type\":\"say\",\"text\":\"\\ud800\",\"id\":\"s1\"}").id());
        assertEquals(null, rejected("{\"type\":\"say\",\"text\":\"x\",\"id\":\"\\ud800\"}").id());
    }

    private ErrorMessage rejected(String text) {
        return assertThrows(RejectedMessageException.class, () -> decoder.decode(text)).answer();
    }
}
