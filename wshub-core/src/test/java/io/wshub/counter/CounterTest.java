package io.wshub.counter;

import io.wshub.json.RejectedMessageException;
import io.wshub.security.Identity;
import io.wshub.session.Connection;
import io.wshub.session.Lifecycle;
import io.wshub.session.OverflowPolicy;
import io.wshub.session.RateLimiter;
import io.wshub.session.SessionRegistry;
import io.wshub.testing.LocalNode;
import io.wshub.testing.MutableClock;
import io.wshub.testing.RecordingTransport;
import io.wshub.testing.TestJson;
import jakarta.websocket.DecodeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CounterTest {

    private final MutableClock clock = new MutableClock();
    private final LocalNode node = new LocalNode(clock, new Lifecycle(event -> { }));
    private final SessionRegistry registry = node.registry;
    private final CounterService counter = node.counter();
    private final RateLimiter unlimited = new RateLimiter(clock, 1_000, 1_000);

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void everybodySeesTheCountAndTheValueChange() {
        RecordingTransport first = new RecordingTransport();
        RecordingTransport second = new RecordingTransport();
        Connection one = join("a", first);
        join("b", second);
        counter.apply(one, unlimited, CounterAction.PLUS);
        counter.apply(one, unlimited, CounterAction.PLUS);
        counter.apply(one, unlimited, CounterAction.MINUS);
        counter.leave(one);
        registry.remove(one);

        assertEquals(List.of("{\"type\":\"users\",\"count\":1,\"connections\":1}", "{\"type\":\"value\",\"value\":0}",
                "{\"type\":\"users\",\"count\":2,\"connections\":2}", "{\"type\":\"value\",\"value\":1}", "{\"type\":\"value\",\"value\":2}",
                "{\"type\":\"value\",\"value\":1}"), first.sent());
        assertEquals(List.of("{\"type\":\"users\",\"count\":2,\"connections\":2}", "{\"type\":\"value\",\"value\":0}",
                "{\"type\":\"value\",\"value\":1}", "{\"type\":\"value\",\"value\":2}", "{\"type\":\"value\",\"value\":1}",
                "{\"type\":\"users\",\"count\":1,\"connections\":1}"), second.sent());
    }

    /** Before, the count was of connections and called users: one user with two tabs counted twice. */
    @Test
    void aUserWithTwoTabsCountsOnceAndTheConnectionsAreCountedApart() {
        RecordingTransport watcher = new RecordingTransport();
        join("w", "watcher", watcher);
        Connection tab1 = join("t1", "alice", new RecordingTransport());
        join("t2", "alice", new RecordingTransport());
        counter.leave(tab1);
        registry.remove(tab1);

        assertEquals(List.of("1/1", "2/2", "2/3", "2/2"), watcher.drain("users").stream()
                .map(users -> users.getInt("count") + "/" + users.getInt("connections")).toList());
    }

    @Test
    void aFloodingClientIsRefusedAndTheOthersSeeOnlyWhatItWasAllowed() {
        RecordingTransport flooder = new RecordingTransport();
        RecordingTransport bystander = new RecordingTransport();
        Connection flooding = join("f", flooder);
        join("b", bystander);
        bystander.drain();
        flooder.drain();
        RateLimiter rate = new RateLimiter(clock, 1, 3);

        for (int i = 0; i < 10; i++) {
            counter.apply(flooding, rate, CounterAction.PLUS);
        }

        assertEquals(3, bystander.drain("value").size());
        assertEquals(7, flooder.drain("error").stream()
                .filter(error -> error.getString("code").equals("rate-limited")).count());
    }

    @Test
    void decodesActionsAndAnswersTheRest() throws DecodeException {
        CounterCodec.Decoder decoder = new CounterCodec.Decoder();

        assertEquals(CounterAction.PLUS, decoder.decode("{\"action\":\"plus\"}"));
        assertEquals(CounterAction.MINUS, decoder.decode("{\"action\":\"minus\",\"extra\":1}"));
        assertEquals("unknown-action", code(decoder, "{\"action\":\"times\"}"));
        assertEquals("bad-request", code(decoder, "{\"action\":1}"));
        assertEquals("bad-request", code(decoder, "plus"));
        assertEquals("bad-request", code(decoder, "[]"));
    }

    private static String code(CounterCodec.Decoder decoder, String text) {
        return assertThrows(RejectedMessageException.class, () -> decoder.decode(text)).answer().code();
    }

    private Connection join(String user, RecordingTransport transport) {
        return join(user, user, transport);
    }

    private Connection join(String id, String user, RecordingTransport transport) {
        Connection connection = registry.connect(id, new Identity(user, false), TestJson.RAW, transport,
                OverflowPolicy.CLOSE, 16);
        counter.join(connection);
        return connection;
    }
}
