package io.wshub.json;

import io.wshub.chat.message.ChatCodec;
import io.wshub.counter.CounterCodec;
import io.wshub.stats.StatsCodec;
import jakarta.websocket.Decoder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every JSON endpoint takes a token refresh besides its own messages, and answers a malformed one bad-request. */
class RefreshRequestTest {

    private static final List<Decoder.Text<?>> EVERY_JSON_ENDPOINT = List.of(new ChatCodec.GroupDecoder(),
            new ChatCodec.PrivateDecoder(), new CounterCodec.Decoder(), new StatsCodec.Decoder());

    @Test
    void everyJsonEndpointsDecoderHandsARefreshOn() {
        for (Decoder.Text<?> decoder : EVERY_JSON_ENDPOINT) {
            RefreshRequest refresh = assertThrows(RefreshRequest.class,
                    () -> decoder.decode("{\"type\":\"refresh\",\"token\":\"a.b.c\",\"id\":\"r1\"}"),
                    decoder.getClass().getName());
            assertEquals("r1", refresh.id());
            assertEquals("a.b.c", refresh.token());
            assertNull(assertThrows(RefreshRequest.class,
                    () -> decoder.decode("{\"type\":\"refresh\",\"token\":\"a.b.c\"}")).id());
        }
    }

    @Test
    void aRefreshWithoutAStringTokenOrWithABadIdIsBadRequest() {
        for (String bad : List.of("{\"type\":\"refresh\",\"id\":\"r1\"}", "{\"type\":\"refresh\",\"token\":7}",
                "{\"type\":\"refresh\",\"token\":\"\"}", "{\"type\":\"refresh\",\"token\":\"t\",\"id\":3}")) {
            RejectedMessageException rejected = assertThrows(RejectedMessageException.class,
                    () -> new ChatCodec.GroupDecoder().decode(bad), bad);
            assertEquals(ErrorCode.BAD_REQUEST, rejected.answer().code(), bad);
        }
    }
}
