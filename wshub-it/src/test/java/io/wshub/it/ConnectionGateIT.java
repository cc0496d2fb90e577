package io.wshub.it;

import io.wshub.it.embedded.EmbeddedProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded server's own connection handling, which on the WAR runtimes is the container's connector (see the
 * deployment guides): sockets that send nothing, half a request or a request at a trickle are cut at the request
 * timeout; kept-alive HTTP connections at the idle timeout, upgraded ones never; a peer over its address's cap, and
 * anyone at the open-file limit, gets 503 with {@code Retry-After} instead of silence. Servers of its own, with short
 * timeouts, so the embedded runtime only.
 */
@EnabledIfSystemProperty(named = "wshub.it.runtime", matches = "embedded")
class ConnectionGateIT {

    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(1000);
    /** The gate sweeps four times a second; a loaded machine is given some more. */
    private static final Duration SLACK = Duration.ofMillis(1500);

    private static final Path BUILD = Path.of(System.getProperty("wshub.build.directory", "target"));
    private static EmbeddedProcess server;

    @BeforeAll
    static void start() throws IOException {
        server = EmbeddedProcess.start(BUILD.resolve("wshub-embedded.jar"), BUILD.resolve("connection-gate-it.log"),
                Map.of("WSHUB_REQUEST_TIMEOUT_MS", String.valueOf(REQUEST_TIMEOUT.toMillis()),
                        "WSHUB_HTTP_IDLE_TIMEOUT_SECONDS", "1", "WSHUB_PING_INTERVAL_SECONDS", "0"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aSocketThatSendsNothingIsClosedAtTheRequestTimeout() throws IOException {
        try (Socket socket = open(server.port())) {
            long start = System.nanoTime();
            assertEquals(-1, socket.getInputStream().read(), "closed without an answer");
            assertWithinTimeout(start, REQUEST_TIMEOUT);
        }
    }

    @Test
    void halfARequestIsAnswered408AtTheRequestTimeout() throws IOException {
        try (Socket socket = open(server.port())) {
            long start = System.nanoTime();
            send(socket, "GET / HTTP/1.1\r\nHost: localhost\r\n");
            String answer = readAll(socket);
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
            assertTrue(answer.contains("Connection: close"), answer);
            assertWithinTimeout(start, REQUEST_TIMEOUT);
        }
    }

    /** Slowloris: a byte now and then would reset an idle timer, not the request's deadline. */
    @Test
    void aRequestSentAtATrickleIsCutAtTheRequestTimeoutOfItsFirstByte() throws Exception {
        try (Socket socket = open(server.port())) {
            long start = System.nanoTime();
            byte[] request = "GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            boolean cut = false;
            try {
                for (byte b : request) {
                    socket.getOutputStream().write(b);
                    Thread.sleep(200);
                }
            } catch (IOException closedByTheServer) {
                cut = true;
            }
            assertTrue(cut, "sent it all, in " + elapsed(start).toMillis() + " ms");
            // the first write after the server's close still succeeds; the next one fails
            assertTrue(elapsed(start).compareTo(REQUEST_TIMEOUT.plus(SLACK).plus(Duration.ofMillis(400))) < 0,
                    "still sending after " + elapsed(start).toMillis() + " ms");
        }
    }

    @Test
    void aKeptAliveConnectionIsClosedAtTheIdleTimeoutAfterItsAnswer() throws IOException {
        try (Socket socket = open(server.port())) {
            send(socket, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
            String first = readHead(socket);
            assertTrue(first.startsWith("HTTP/1.1 200 "), first);
            long length = Long.parseLong(first.replaceAll("(?is).*\r\ncontent-length: *(\\d+).*", "$1"));
            socket.getInputStream().readNBytes((int) length);
            // a second request on it is served: it is kept alive
            send(socket, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
            String second = readHead(socket);
            assertTrue(second.startsWith("HTTP/1.1 200 "), second);
            socket.getInputStream().readNBytes((int) length);
            long idleFrom = System.nanoTime();
            assertEquals(-1, socket.getInputStream().read(), "closed without a word");
            assertWithinTimeout(idleFrom, Duration.ofSeconds(1));
        }
    }

    @Test
    void anUpgradedConnectionIsNotCutByTheHttpTimeouts() throws Exception {
        try (WsClient client = WsClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ws/echo"))) {
            Thread.sleep(REQUEST_TIMEOUT.plus(Duration.ofSeconds(1)).plus(SLACK).toMillis());
            client.send("still here");
            assertEquals("still here", client.nextText());
        }
    }

    @Test
    void aPeerOverItsAddressCapIsAnswered503BeforeItsRequestIsServed() throws Exception {
        try (EmbeddedProcess capped = EmbeddedProcess.start(BUILD.resolve("wshub-embedded.jar"),
                BUILD.resolve("connection-gate-it-capped.log"),
                Map.of("WSHUB_MAX_CONNECTIONS_PER_ADDRESS", "5", "WSHUB_TRUSTED_PROXIES", ""))) {
            List<Socket> silent = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    silent.add(open(capped.port()));
                }
                awaitAccepted();
                try (Socket sixth = open(capped.port())) {
                    send(sixth, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
                    String answer = readAll(sixth);
                    assertTrue(answer.startsWith("HTTP/1.1 503 "), answer);
                    assertTrue(answer.contains("Retry-After: 10"), answer);
                }
            } finally {
                for (Socket socket : silent) {
                    socket.close();
                }
            }
            assertTrue(servedAgain(capped.port()), "a place is free again once the silent sockets are gone");
            assertTrue(capped.output().stream().anyMatch(line -> line.contains("per-address connection limit")),
                    "the refusal is logged");
        }
    }

    /**
     * At the open-file limit the kernel refuses the accept, and new clients used to get no answer at all. The cap
     * left at its default stays below it, with room for the 503.
     */
    @Test
    void atTheOpenFileLimitNewClientsAreAnswered503AndTheServerRecovers() throws Exception {
        try (EmbeddedProcess limited = EmbeddedProcess.start(List.of("prlimit", "--nofile=400", "--"),
                BUILD.resolve("wshub-embedded.jar"), BUILD.resolve("connection-gate-it-fd.log"), List.of("-Xmx256m"),
                Map.of("WSHUB_MAX_CONNECTIONS", "100000", "WSHUB_REQUEST_TIMEOUT_MS", "60000"), "127.0.0.1")) {
            assertTrue(limited.output().stream().anyMatch(line -> line.contains("max-connections is 100000 but")),
                    "a cap above the file limit is reported at start");
            List<Socket> silent = new ArrayList<>();
            try {
                for (int i = 0; i < 400; i++) {
                    silent.add(open(limited.port()));
                }
                awaitAccepted();
                try (Socket late = open(limited.port())) {
                    send(late, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
                    String answer = readAll(late);
                    assertTrue(answer.startsWith("HTTP/1.1 503 "), answer);
                }
            } finally {
                for (Socket socket : silent) {
                    socket.close();
                }
            }
            assertTrue(servedAgain(limited.port()), "served again once the sockets are gone");
            assertTrue(limited.output().stream().anyMatch(line -> line.contains("connection limit reached")),
                    "the refusal is logged");
        }
    }

    /**
     * The server admits connections on several selector threads, so of connections opened at the same moment any
     * may be the one refused; the one the test expects refused comes after the others are in.
     */
    private static void awaitAccepted() throws InterruptedException {
        Thread.sleep(500);
    }

    private static boolean servedAgain(int port) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = open(port)) {
                send(socket, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
                if (readHead(socket).startsWith("HTTP/1.1 200 ")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void assertWithinTimeout(long startNanos, Duration timeout) {
        Duration took = elapsed(startNanos);
        assertTrue(took.compareTo(timeout.minus(Duration.ofMillis(100))) >= 0, "too early: " + took.toMillis() + " ms");
        assertTrue(took.compareTo(timeout.plus(SLACK)) < 0, "too late: " + took.toMillis() + " ms");
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static Socket open(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String readHead(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        int b;
        while (!head.toString().endsWith("\r\n\r\n") && (b = in.read()) != -1) {
            head.append((char) b);
        }
        return head.toString();
    }

    private static String readAll(Socket socket) throws IOException {
        try {
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither answered nor closed within 10 s", e);
        }
    }
}
