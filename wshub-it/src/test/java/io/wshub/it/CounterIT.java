package io.wshub.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The seeds' one-to-many counter with three clients, one of which leaves. */
class CounterIT extends WshubIT {

    @Test
    void everyClientSeesTheValueAndTheCountChange() {
        try (JsonClient a = connectCounter()) {
            long start = welcomeAlone(a);
            try (JsonClient b = connectCounter()) {
                assertEquals(2, users(b));
                assertEquals(start, value(b));
                assertEquals(2, users(a));
                try (JsonClient c = connectCounter()) {
                    assertEquals(3, users(c));
                    assertEquals(start, value(c));
                    assertEquals(3, users(a));
                    assertEquals(3, users(b));

                    act(a, "plus", start + 1, a, b, c);
                    act(c, "plus", start + 2, a, b, c);
                    act(b, "minus", start + 1, a, b, c);
                }
                assertEquals(2, users(a));
                assertEquals(2, users(b));
            }
            assertEquals(1, users(a));
        }
    }

    /** One client acts; every client sees the new value. */
    private static void act(JsonClient actor, String action, long expected, JsonClient... everybody) {
        actor.ws().send("{\"action\":\"" + action + "\"}");
        for (JsonClient client : everybody) {
            assertEquals(expected, value(client));
        }
    }

    @Test
    void twoTabsOfOneUserAreOneUserOverTwoConnections() {
        try (JsonClient tab1 = new JsonClient(connect("ws/counter?user=counter-alice"))) {
            welcomeAlone(tab1);
            try (JsonClient tab2 = new JsonClient(connect("ws/counter?user=counter-alice"))) {
                JsonObject both = tab1.next("users");
                assertEquals(1, both.getInt("count"));
                assertEquals(2, both.getInt("connections"));
                assertEquals(1, users(tab2));
            }
        }
    }

    @Test
    void badInputIsAnsweredAndTheClientStays() {
        try (JsonClient client = connectCounter()) {
            long start = welcomeAlone(client);

            client.ws().send("{\"action\":\"times\"}");
            assertEquals("unknown-action", client.next("error").getString("code"));
            client.ws().send("{oops");
            assertEquals("bad-request", client.next("error").getString("code"));
            client.ws().send("{\"type\":\"plus\"}");
            assertEquals("bad-request", client.next("error").getString("code"));

            client.ws().send("{\"action\":\"plus\"}");
            assertEquals(start + 1, value(client));
        }
    }

    private JsonClient connectCounter() {
        return new JsonClient(connect("ws/counter"));
    }

    /**
     * The value a first client is welcomed with, once it is the counter's only user: the close of the previous test's
     * clients may still be on its way to the server (GlassFish counted one of them once), and each departure is
     * broadcast. A connection that never leaves fails the test.
     */
    private static long welcomeAlone(JsonClient client) {
        Long value = null;
        int users = -1;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (value == null || users != 1) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the counter never had only this client: " + users + " users");
            }
            JsonObject message = client.next();
            switch (message.getString("type")) {
                case "users" -> users = message.getInt("count");
                case "value" -> value = message.getJsonNumber("value").longValue();
                default -> throw new AssertionError("unexpected " + message);
            }
        }
        return value;
    }

    private static int users(JsonClient client) {
        JsonObject message = client.next("users");
        return message.getInt("count");
    }

    private static long value(JsonClient client) {
        return client.next("value").getJsonNumber("value").longValue();
    }
}
