package io.wshub.it;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatsIT extends WshubIT {

    @Test
    void theSharedRegistrySeesTheConnectionsOfEveryEndpoint() throws InterruptedException {
        try (WsClient stats = connect("ws/stats?user=observer")) {
            int before = awaitStableConnections(stats);
            try (WsClient echo = connect("ws/echo?user=alice");
                 WsClient secondTab = connect("ws/echo?user=alice");
                 WsClient hello = connect("ws/hello?user=bob")) {
                assertEquals(before + 3, awaitConnections(stats, before + 3));
            }
            assertEquals(before, awaitConnections(stats, before));
        }
    }

    /**
     * A connection closed as it opened (an invalid room or topic) stayed in the registry on the embedded server,
     * which reports the close before the endpoint has the connection: counted by the stats for ever.
     */
    @Test
    void connectionsClosedAsTheyOpenAreNotCountedOnceGone() throws InterruptedException {
        try (WsClient stats = connect("ws/stats?user=observer")) {
            int before = awaitStableConnections(stats);
            for (int i = 0; i < 3; i++) {
                for (String path : new String[] {"ws/chat/bad!room?user=alice", "ws/feed/bad!topic"}) {
                    try (WsClient refused = connect(path)) {
                        assertTrue(refused.nextText().startsWith("{\"type\":\"error\""));
                        assertEquals(1008, refused.awaitClose().code());
                    }
                }
            }
            assertEquals(before, awaitConnections(stats, before));
        }
    }

    @Test
    void reportsTheIdentityFromTheHandshakeAndIgnoresOneInTheMessage() {
        try (WsClient stats = connect("ws/stats?user=alice")) {
            stats.send("{\"type\":\"stats\",\"id\":\"q1\",\"you\":\"mallory\",\"user\":\"mallory\"}");

            String reply = stats.nextText();
            assertTrue(reply.startsWith("{\"type\":\"stats\",\"id\":\"q1\",\"you\":\"alice\",\"anonymous\":false"),
                    reply);
        }
    }

    @Test
    void namesAnAnonymousConnection() {
        try (WsClient stats = connect("ws/stats")) {
            stats.send("{\"type\":\"stats\"}");

            String reply = stats.nextText();
            assertTrue(reply.matches("\\{\"type\":\"stats\",\"you\":\"anon-[0-9a-f]{12}\",\"anonymous\":true,.*"),
                    reply);
        }
    }

    @Test
    void answersMalformedInputAndStaysUsable() {
        try (WsClient stats = connect("ws/stats?user=alice")) {
            stats.send("{not json");
            assertEquals("{\"type\":\"error\",\"code\":\"bad-request\",\"message\":\"not valid JSON\"}",
                    stats.nextText());

            stats.send("[1,2]");
            assertEquals("{\"type\":\"error\",\"code\":\"bad-request\",\"message\":\"expected a JSON object\"}",
                    stats.nextText());

            stats.send("{\"id\":\"7\"}");
            assertEquals("{\"type\":\"error\",\"id\":\"7\",\"code\":\"bad-request\","
                    + "\"message\":\"missing \\\"type\\\" (a string)\"}", stats.nextText());

            stats.send("{\"type\":\"launch\",\"id\":\"8\"}");
            assertEquals("{\"type\":\"error\",\"id\":\"8\",\"code\":\"unknown-type\","
                    + "\"message\":\"unknown type \\\"launch\\\"; known: stats\"}", stats.nextText());

            stats.send("{\"type\":\"stats\",\"id\":{\"nested\":true}}");
            assertTrue(stats.nextText().startsWith("{\"type\":\"error\",\"code\":\"bad-request\""));

            stats.send("{\"type\":\"stats\",\"id\":\"9\"}");
            assertTrue(stats.nextText().startsWith("{\"type\":\"stats\",\"id\":\"9\""));
        }
    }

    private static final Pattern CONNECTIONS = Pattern.compile("\"connections\":(\\d+)");

    private static int connections(WsClient stats) {
        stats.send("{\"type\":\"stats\"}");
        String reply = stats.nextText();
        Matcher matcher = CONNECTIONS.matcher(reply);
        assertTrue(matcher.find(), reply);
        return Integer.parseInt(matcher.group(1));
    }

    /** Connections of earlier tests may still be closing: wait for the count to hold still. */
    private static int awaitStableConnections(WsClient stats) throws InterruptedException {
        int previous = connections(stats);
        for (int i = 0; i < 50; i++) {
            Thread.sleep(100);
            int current = connections(stats);
            if (current == previous) {
                return current;
            }
            previous = current;
        }
        throw new AssertionError("the connection count never settled");
    }

    private static int awaitConnections(WsClient stats, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int current = connections(stats);
        while (current != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            current = connections(stats);
        }
        return current;
    }
}
