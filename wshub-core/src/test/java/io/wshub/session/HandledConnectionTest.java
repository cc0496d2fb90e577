package io.wshub.session;

import io.wshub.config.Settings;
import io.wshub.security.Identity;
import io.wshub.testing.TestJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandledConnectionTest {

    private final SessionRegistry registry =
            new SessionRegistry(new Settings(name -> null, new Properties()), new Lifecycle(event -> { }));
    private final FakeTransport transport = FakeTransport.inline();
    private final Connection connection = registry.connect("node-1", new Identity("alice", false), TestJson.RAW,
            transport, OverflowPolicy.CLOSE, 16);
    /** How often the endpoint instance carrying the connection was disposed of. */
    private final AtomicInteger disposals = new AtomicInteger();

    @AfterEach
    void stop() {
        registry.shutdown();
    }

    /** A handler's own state per connection: the parameters it opened with, and each message in order. */
    private static class Recording implements ConnectionHandler<String, List<String>> {
        final List<List<String>> closed = new ArrayList<>();

        @Override
        public List<String> opened(Connection connection, Map<String, String> parameters) {
            List<String> seen = new ArrayList<>();
            seen.add("room=" + parameters.get("room"));
            return seen;
        }

        @Override
        public void received(List<String> seen, String message) {
            seen.add(message);
        }

        @Override
        public void closed(List<String> seen) {
            closed.add(seen);
        }
    }

    @Test
    void theHandlerGetsTheParametersItsStateEachMessageAndTheClose() {
        Recording handler = new Recording();
        HandledConnection<String, List<String>> handled = HandledConnection.open(connection, handler,
                Map.of("room", "lobby"), registry, disposals::incrementAndGet, published -> { });
        handled.received("one");
        handled.received("two");
        handled.closed();

        assertEquals(List.of(List.of("room=lobby", "one", "two")), handler.closed);
        assertTrue(registry.connections().isEmpty());
        assertSame(connection, handled.connection());
        assertEquals(1, disposals.get(), "the endpoint instance is disposed of when its connection ends");
        handled.closed();
        assertEquals(1, disposals.get(), "once");
    }

    @Test
    void aBinaryMessageToATextOnlyHandlerClosesWith1003() {
        HandledConnection<String, List<String>> handled = HandledConnection.open(connection, new Recording(), Map.of(),
                registry, disposals::incrementAndGet, published -> { });
        handled.receivedBinary(new byte[] {1, 2, 3});

        assertEquals(List.of(Closes.TEXT_ONLY), transport.closes());
    }

    @Test
    void aHandlerThatFailsToOpenLeavesNoConnectionRegistered() {
        ConnectionHandler<String, Object> failing = new ConnectionHandler<>() {
            @Override
            public Object opened(Connection connection, Map<String, String> parameters) {
                throw new IllegalStateException("store unavailable");
            }

            @Override
            public void received(Object state, String message) {
            }

            @Override
            public void closed(Object state) {
            }
        };
        assertThrows(IllegalStateException.class,
                () -> HandledConnection.open(connection, failing, Map.of(), registry, disposals::incrementAndGet,
                        published -> { }));
        assertTrue(registry.connections().isEmpty());
        assertEquals(1, disposals.get());
    }

    @Test
    void aHandlerThatFailsToCloseStillLeavesTheRegistry() {
        ConnectionHandler<String, Object> failing = new ConnectionHandler<>() {
            @Override
            public Object opened(Connection connection, Map<String, String> parameters) {
                return "state";
            }

            @Override
            public void received(Object state, String message) {
            }

            @Override
            public void closed(Object state) {
                throw new AssertionError("a handler's bug");
            }
        };
        HandledConnection<String, Object> handled = HandledConnection.open(connection, failing, Map.of(), registry,
                disposals::incrementAndGet, published -> { });
        assertThrows(AssertionError.class, handled::closed);
        assertTrue(registry.connections().isEmpty());
        assertEquals(1, disposals.get());
    }

    /**
     * A handler that closes the connection it opens (an invalid room) on a container that reports the close at once:
     * the connection stayed registered, and its handler never heard of the end (five such connections were still
     * counted by the stats afterwards).
     */
    @Test
    void aConnectionThatEndsWhileItsHandlerOpensItIsUnregisteredAndTheHandlerTold() {
        AtomicReference<HandledConnection<String, List<String>>> published = new AtomicReference<>();
        Recording handler = new Recording() {
            @Override
            public List<String> opened(Connection connection, Map<String, String> parameters) {
                List<String> state = super.opened(connection, parameters);
                connection.close(Closes.TOO_MANY_INVALID);
                published.get().closed();
                return state;
            }
        };
        HandledConnection.open(connection, handler, Map.of("room", "bad!"), registry, disposals::incrementAndGet,
                published::set);

        assertTrue(registry.connections().isEmpty());
        assertEquals(List.of(List.of("room=bad!")), handler.closed);

        published.get().closed();
        assertEquals(1, handler.closed.size(), "told once");
        assertEquals(1, disposals.get(), "disposed of once");
    }

    @Test
    void aDisposalThatFailsStillLeavesTheConnectionEnded() {
        Recording handler = new Recording();
        HandledConnection<String, List<String>> handled = HandledConnection.open(connection, handler, Map.of(),
                registry, () -> {
                    throw new IllegalStateException("a @PreDestroy's bug");
                }, published -> { });
        handled.closed();

        assertEquals(1, handler.closed.size());
        assertTrue(registry.connections().isEmpty());
    }
}
