package io.wshub.it;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class EchoIT extends WshubIT {

    /** The default max-message-size. */
    private static final int LIMIT = 64 * 1024;

    @Test
    void echoesTextUnchanged() {
        try (WsClient client = connect("ws/echo")) {
            String message = "{\"text\":\"grüße, 世界 🌍\"}";
            client.send(message);

            assertEquals(message, client.nextText());
        }
    }

    @Test
    void echoesBinaryUnchanged() {
        byte[] message = new byte[256];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) i;
        }
        try (WsClient client = connect("ws/echo")) {
            client.send(message);

            assertArrayEquals(message, client.nextBinary());
        }
    }

    @Test
    void echoesPipelinedMessagesInOrder() {
        try (WsClient client = connect("ws/echo")) {
            for (int i = 0; i < 200; i++) {
                if (i % 2 == 0) {
                    client.send("message " + i);
                } else {
                    client.send(("binary " + i).getBytes());
                }
            }
            for (int i = 0; i < 200; i++) {
                if (i % 2 == 0) {
                    assertEquals("message " + i, client.nextText());
                } else {
                    assertEquals("binary " + i, new String(client.nextBinary()));
                }
            }
        }
    }

    @Test
    void acceptsAMessageOfExactlyTheLimit() {
        try (WsClient client = connect("ws/echo")) {
            String message = "x".repeat(LIMIT);
            client.send(message);

            assertEquals(message, client.nextText());
        }
    }

    @Test
    void closesWith1009OnATextMessageOverTheLimitAndDisturbsNobodyElse() {
        try (WsClient bystander = connect("ws/echo"); WsClient client = connect("ws/echo")) {
            client.sendRefused("x".repeat(LIMIT + 1));

            assertEquals(1009, client.awaitClose().code());
            bystander.send("still here");
            assertEquals("still here", bystander.nextText());
        }
    }

    @Test
    void closesWith1009OnABinaryMessageOverTheLimit() {
        try (WsClient client = connect("ws/echo")) {
            byte[] message = new byte[LIMIT + 1];
            Arrays.fill(message, (byte) 7);
            client.sendRefused(message);

            assertEquals(1009, client.awaitClose().code());
        }
    }

    @Test
    void closesWith1009OnAHugeFrame() throws InterruptedException {
        try (WsClient client = connect("ws/echo")) {
            client.sendRefused("y".repeat(8 * 1024 * 1024));

            assertEquals(1009, client.awaitClose().code());
            assertFalse(client.receivesWithin(Duration.ofMillis(100)));
        }
    }
}
