package io.wshub.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The caps on open connections, on every runtime, which the suite starts with {@code max-connections=400} and
 * {@code max-connections-per-address=150} (above the 100 connections FeedIT opens at once): a handshake beyond either
 * is answered 503 with {@code Retry-After} before the upgrade, one beyond an identity's
 * {@code max-connections-per-user} (its default, 20) 429 with it, and a place freed by a closed connection can be
 * taken again. The test client is on loopback, a
 * trusted proxy by default, so the client address is the {@code X-Forwarded-For} it sends.
 */
class ConnectionLimitsIT extends WshubIT {

    private static final int TOTAL = 400;
    private static final int PER_ADDRESS = 150;
    /** max-connections-per-user's default: the ITs leave it as it comes. */
    private static final int PER_USER = 20;
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(10);

    @Test
    void aClientAddressOverItsCapIsAnswered503WithRetryAfterAndOthersStillConnect() throws Exception {
        List<Handshake> held = new ArrayList<>();
        try {
            for (int i = 0; i < PER_ADDRESS; i++) {
                Handshake opened = handshake("203.0.113.7");
                held.add(opened);
                assertEquals(101, opened.status(), "handshake " + (i + 1) + ": " + opened.head());
            }
            Handshake refused = handshake("203.0.113.7");
            held.add(refused);
            assertEquals(503, refused.status(), refused.head());
            assertTrue(refused.head().toLowerCase().contains("retry-after: 10"), refused.head());

            Handshake neighbour = handshake("203.0.113.8");
            held.add(neighbour);
            assertEquals(101, neighbour.status(), "another address is not affected: " + neighbour.head());
            // the address the trusted proxy saw counts, not what the client wrote before it
            Handshake spoofed = handshake("10.9.9.9, 203.0.113.7");
            held.add(spoofed);
            assertEquals(503, spoofed.status(), "a client cannot pick its address: " + spoofed.head());

            held.get(0).close();
            assertEquals(101, handshakeUntilAdmitted("203.0.113.7").status());
        } finally {
            held.forEach(Handshake::close);
        }
    }

    /** An identity that opens connection after connection is stopped at its own cap, from any address. */
    @Test
    void aUserOverItsCapIsAnswered429WithRetryAfterAndOtherUsersStillConnect() throws Exception {
        String user = "capped-" + UUID.randomUUID().toString().substring(0, 8);
        List<Handshake> held = new ArrayList<>();
        try {
            for (int i = 0; i < PER_USER; i++) {
                Handshake opened = handshake("203.0.113." + (20 + i % 2), "ws/echo?user=" + user);
                held.add(opened);
                assertEquals(101, opened.status(), "handshake " + (i + 1) + ": " + opened.head());
            }
            Handshake refused = handshake("203.0.113.30", "ws/echo?user=" + user);
            held.add(refused);
            assertEquals(429, refused.status(), refused.head());
            assertTrue(refused.head().toLowerCase().contains("retry-after: 10"), refused.head());

            Handshake other = handshake("203.0.113.30", "ws/echo?user=other-" + user);
            held.add(other);
            assertEquals(101, other.status(), "another user is not affected: " + other.head());

            held.get(0).close();
            assertEquals(101, handshakeUntilAdmitted("203.0.113.30", "ws/echo?user=" + user).status());
        } finally {
            held.forEach(Handshake::close);
        }
    }

    @Test
    void pastTheTotalCapHandshakesAreAnswered503() throws Exception {
        List<Handshake> held = new ArrayList<>();
        try {
            Handshake refused = null;
            for (int i = 0; i <= TOTAL && refused == null; i++) {
                Handshake next = handshake("198.51.100." + (i % 250 + 1) + ", 127.0.0.1");
                held.add(next);
                if (next.status() == 503) {
                    refused = next;
                } else {
                    assertEquals(101, next.status(), next.head());
                }
            }
            if (refused == null) {
                fail(TOTAL + 1 + " connections were all admitted");
            }
            assertTrue(refused.head().toLowerCase().contains("retry-after: 10"), refused.head());
            // the server may still be closing the connections of the test before, so fewer may be admitted, never more
            assertTrue(held.size() - 1 <= TOTAL && held.size() - 1 >= TOTAL / 2,
                    held.size() - 1 + " admitted before the first refusal");

            held.get(0).close();
            assertEquals(101, handshakeUntilAdmitted("198.51.100.251").status());
        } finally {
            held.forEach(Handshake::close);
        }
    }

    /** A closed connection's place is freed when the server has seen the close, which takes a moment. */
    private Handshake handshakeUntilAdmitted(String forwardedFor) throws IOException, InterruptedException {
        return handshakeUntilAdmitted(forwardedFor, "ws/echo");
    }

    private Handshake handshakeUntilAdmitted(String forwardedFor, String path)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + RELEASE_WAIT.toNanos();
        while (true) {
            Handshake next = handshake(forwardedFor, path);
            if ((next.status() != 503 && next.status() != 429) || System.nanoTime() > deadline) {
                return next;
            }
            next.close();
            Thread.sleep(100);
        }
    }

    private Handshake handshake(String forwardedFor) throws IOException {
        return handshake(forwardedFor, "ws/echo");
    }

    private Handshake handshake(String forwardedFor, String path) throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout((int) WsClient.WAIT.toMillis());
        String request = "GET " + base.getPath() + path + " HTTP/1.1\r\n"
                + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "X-Forwarded-For: " + forwardedFor + "\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        int b;
        while (!head.toString().endsWith("\r\n\r\n") && (b = in.read()) != -1) {
            head.append((char) b);
        }
        return new Handshake(socket, head.toString());
    }

    /** A handshake's answer, on a socket left open (upgraded, when it was admitted). */
    private record Handshake(Socket socket, String head) {

        int status() {
            String[] line = head.split(" ", 3);
            return line.length > 1 && line[1].matches("\\d{3}") ? Integer.parseInt(line[1]) : -1;
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all that is wanted
            }
        }
    }
}
