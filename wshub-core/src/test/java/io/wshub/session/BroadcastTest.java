package io.wshub.session;

import io.wshub.config.Settings;
import io.wshub.security.Identity;
import io.wshub.testing.RecordingTransport;
import io.wshub.testing.TestJson;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BroadcastTest {

    private final SessionRegistry registry = new SessionRegistry(new Settings(name -> null, new Properties()),
            new Lifecycle(event -> { }));

    @Test
    void aBroadcastIsEncodedOncePerFormatAndSharedByItsRecipients() {
        Broadcast broadcast = Broadcast.of(Map.of("type", "notice"));

        Outgoing.Text first = broadcast.encodedIn(TestJson.RAW);

        assertEquals("{\"type\":\"notice\"}", first.text());
        assertSame(first, broadcast.encodedIn(TestJson.RAW));
        assertEquals("{\"type\":\"notice\"}", broadcast.encodedIn(TestJson.LABELS).text());
    }

    @Test
    void aMessageTheFormatCannotCarryIsRefusedEveryTime() {
        Broadcast broadcast = Broadcast.of(Map.of("text", "a\ud800"));

        assertThrows(IllegalArgumentException.class, () -> broadcast.encodedIn(TestJson.RAW));
        assertThrows(IllegalArgumentException.class, () -> broadcast.encodedIn(TestJson.RAW));
    }

    @Test
    void aTypedMessageTheConnectionsFormatCannotCarryClosesItWith1011() {
        RecordingTransport transport = new RecordingTransport();
        Connection connection = registry.connect("c1", new Identity("alice", false), TestJson.RAW, transport,
                OverflowPolicy.CLOSE, 8);

        assertTrue(connection.sendTyped(Map.of("text", "fine")));
        assertFalse(connection.sendTyped(Map.of("text", "a\udc00")));

        assertEquals(List.of("{\"text\":\"fine\"}"), transport.sent());
        assertEquals(List.of(Closes.SEND_FAILED), transport.closes());
        assertFalse(connection.sendTyped(Map.of("text", "after")));
    }

    /** An object JSON-B cannot write at all fails like one with a lone surrogate: refused, not thrown at a sender. */
    @Test
    void aMessageJsonbCannotWriteIsRefusedAsACarriageFailure() {
        Object unwritable = new Unwritable();

        assertThrows(IllegalArgumentException.class, () -> Broadcast.of(unwritable).encodedIn(TestJson.RAW));
    }

    /** A bean whose property cannot be read. */
    public static final class Unwritable {
        public String getBroken() {
            throw new IllegalStateException("no value");
        }
    }
}
