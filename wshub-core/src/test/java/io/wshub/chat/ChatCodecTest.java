package io.wshub.chat;

import io.wshub.chat.message.ChatCodec;
import io.wshub.chat.message.ChatCommand;
import io.wshub.chat.message.ChatEvent;
import io.wshub.json.ErrorCode;
import io.wshub.json.RejectedMessageException;
import io.wshub.testing.TestJson;
import jakarta.websocket.DecodeException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ChatCodecTest {

    private final ChatCodec.GroupDecoder group = new ChatCodec.GroupDecoder();
    private final ChatCodec.PrivateDecoder privately = new ChatCodec.PrivateDecoder();

    @Test
    void decodesEveryCommand() throws DecodeException {
        assertEquals(new ChatCommand.Say("1", null, "hi"), group.decode("{\"type\":\"say\",\"id\":\"1\",\"text\":\"hi\"}"));
        assertEquals(new ChatCommand.Say(null, "r", "hi"),
                group.decode("{\"type\":\"say\",\"room\":\"r\",\"text\":\"hi\",\"from\":\"mallory\"}"));
        assertEquals(new ChatCommand.Join(null, "r"), group.decode("{\"type\":\"join\",\"room\":\"r\"}"));
        assertEquals(new ChatCommand.Leave("2", "r"), group.decode("{\"type\":\"leave\",\"room\":\"r\",\"id\":\"2\"}"));
        assertEquals(new ChatCommand.Rooms(null), group.decode("{\"type\":\"rooms\"}"));
        assertEquals(new ChatCommand.Whisper(null, "bob", "psst"),
                group.decode("{\"type\":\"whisper\",\"to\":\"bob\",\"text\":\"psst\"}"));
        assertEquals(new ChatCommand.Resume(null, "r", 41L, null), group.decode("{\"type\":\"resume\",\"room\":\"r\",\"after\":41}"));
        assertEquals(new ChatCommand.Whisper("3", "bob", "psst"),
                privately.decode("{\"type\":\"whisper\",\"id\":\"3\",\"to\":\"bob\",\"text\":\"psst\"}"));
    }

    @Test
    void thePrivateEndpointTakesOnlyWhispers() {
        RejectedMessageException e = assertThrows(RejectedMessageException.class,
                () -> privately.decode("{\"type\":\"say\",\"id\":\"4\",\"text\":\"hi\"}"));

        assertEquals(ErrorCode.UNKNOWN_TYPE, e.answer().code());
        assertEquals("4", e.answer().id());
        assertEquals("unknown type \"say\"; known: whisper", e.answer().message());
    }

    @Test
    void aSeqMustBeANumber() {
        RejectedMessageException e = assertThrows(RejectedMessageException.class,
                () -> group.decode("{\"type\":\"resume\",\"room\":\"r\",\"after\":\"soon\"}"));

        assertEquals(ErrorCode.BAD_REQUEST, e.answer().code());
    }

    @Test
    void encodesEventsTypeFirst() {
        assertEquals("{\"type\":\"message\",\"room\":\"r\",\"seq\":7,\"from\":\"alice\",\"text\":\"hi\","
                + "\"ts\":\"2026-11-21T12:00:00Z\"}",
                TestJson.RAW.encode(new ChatEvent.Message("r", 7, "alice", "hi", "2026-11-21T12:00:00Z", null)));
        assertEquals("{\"type\":\"ack\",\"id\":\"a\",\"status\":\"stored\"}",
                TestJson.RAW.encode(ChatEvent.Ack.status("a", "stored")));
        assertEquals("{\"type\":\"presence\",\"room\":\"r\",\"users\":[\"alice\",\"bob\"],\"epoch\":\"e1\"}",
                TestJson.RAW.encode(new ChatEvent.Presence("r", List.of("alice", "bob"), "e1")));
        assertEquals("{\"type\":\"resumed\",\"room\":\"r\",\"recovered\":false,\"after\":3,\"epoch\":\"e1\"}",
                TestJson.RAW.encode(new ChatEvent.Resumed("r", false, 3, "e1")));
    }
}
