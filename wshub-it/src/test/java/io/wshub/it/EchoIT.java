package io.wshub.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * Before, only the message count bounded an outbox: an echo client that never read held 1,024 messages of 64 KiB,
     * 64 MiB, before it was closed. Now {@code outbox-max-bytes} (16 MiB) closes it after some 256.
     */
    @Test
    void anEchoClientThatNeverReadsIsClosedWith1013OnceItsOutboxReachesItsByteBudget() throws Exception {
        byte[] message = new byte[LIMIT];
        // an ordinary receive buffer, so that the 16 MiB and more it reads afterwards come quickly; what the kernels
        // buffer on both sides (some MiB) is less than the 40 MiB sent
        try (RawWebSocket stalled = RawWebSocket.connect(ws("ws/echo"), 256 * 1024)) {
            try {
                for (int i = 0; i < 640; i++) {
                    stalled.sendBinary(message);
                }
            } catch (IOException closedWhileSending) {
                // the server may stop reading once it has closed: the close code tells
            }
            int code = stalled.readUntilClose(Duration.ofSeconds(10));
            String runtime = System.getProperty("wshub.it.runtime", "");
            if (runtime.equals("glassfish") || runtime.equals("payara")) {
                // Tyrus's servlet integration closes the socket right after the close frame, and a client still
                // sending is reset before it reads it (docs/protocol.md, 1009): closed either way, not kept
                assertTrue(code == 1013 || code == -1, "closed with " + code);
            } else {
                assertEquals(1013, code);
            }
        }
        try (WsClient other = connect("ws/echo")) {
            other.send("still echoing");
            assertEquals("still echoing", other.nextText());
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
    void acceptsABinaryMessageOfExactlyTheLimit() {
        try (WsClient client = connect("ws/echo")) {
            byte[] message = new byte[LIMIT];
            Arrays.fill(message, (byte) 7);
            client.send(message);

            assertArrayEquals(message, client.nextBinary());
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
    // the embedded server drains what the client still sends before it closes the socket; Tomcat and Tyrus's servlet
    // integration (GlassFish, Payara) close it at once, so there a client still writing may be reset before it reads
    // the 1009 (docs/protocol.md); the message just over the limit above covers every runtime
    @EnabledIfSystemProperty(named = "wshub.it.runtime", matches = "embedded")
    void closesWith1009AClientStillWritingAHugeMessage() throws InterruptedException {
        // the server refuses at the limit, megabytes before the client is done: a server that closed its socket with
        // those unread would reset the connection, and the client, failing its write, would see 1006; a race, so
        // several rounds
        for (int round = 0; round < 5; round++) {
            try (WsClient client = connect("ws/echo")) {
                client.sendRefused("y".repeat(8 * 1024 * 1024));

                WsClient.Close close = client.awaitClose();
                assertEquals(1009, close.code(), "round " + round + ": " + close.reason());
                assertFalse(client.receivesWithin(Duration.ofMillis(100)));
            }
        }
    }
}
