package io.wshub.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thousands of bad inputs per endpoint while a canary connection echoes: on the JSON endpoints 10,000 malformed
 * messages (every class the hardening issue lists: lone surrogates, deep nesting, long numbers, wrong shapes,
 * trailing data, unknown types and actions, oversize ids) each answered with an {@code error}, plus bad frames on
 * connections of their own (invalid UTF-8, reserved bits and opcodes, oversize, binary where text is expected,
 * fragmented control frames, unmasked frames), each answered with its documented close code; on {@code /ws/echo} and
 * {@code /ws/hello}, which take any text, 1,000 bad frames each, each of which costs a connection. No input may go
 * unanswered, no connection may end without a close frame or with 1006/1011, every endpoint still serves after, and
 * the canary's echo p99 during the storm stays within 3× its p99 during as many valid messages (at least 2 ms).
 */
class BadInputIT extends WshubIT {

    private static final String RUNTIME = System.getProperty("wshub.it.runtime", "unknown");
    /** Tyrus's servlet integration carries out unmasked frames (README, portability). */
    private static final boolean UNMASKED_REFUSED = !RUNTIME.equals("glassfish") && !RUNTIME.equals("payara");
    /**
     * Tomcat (10.1 and 11) fails a connection on a protocol error without a close frame when a send to it is in
     * flight (on {@code /ws/counter}, whose broadcasts go to every new connection; seen in 4 of 7 runs, where wshub's
     * own 1011 used to fill the gap). Any error its frame reader raises takes that path ({@code WsIOException}: 1002,
     * invalid UTF-8's 1007, seen once in CI on 2026-12-06, and a message over its buffer's 1009, seen once in CI on
     * 2026-12-07). A WAR cannot write on a connection its container is failing, so there such drops are counted, and
     * bounded, rather than refused.
     */
    private static final boolean DROPS_ON_PROTOCOL_ERROR_DURING_SEND = RUNTIME.equals("tomcat");
    private static final int MESSAGES = 10_000;
    private static final int FRAME_EVERY = 50;
    private static final int FRAME_ONLY = 1_000;
    private static final int BATCH = 100;
    /** Below the suite's message-burst (3,500), so that no connection reaches its 1008 for too many invalid ones. */
    private static final int PER_CONNECTION = 2_000;
    private static final int MAX_MESSAGE = 65536;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final int FIN = 0x80;
    private static final int HANDSHAKE_RETRIES = 5;

    private int handshakeRetries;
    private int opened;

    private record Endpoint(String name, String path, boolean json) {
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("chat", "ws/chat/bad-input?user=bad-chat", true),
            new Endpoint("private", "ws/private?user=bad-private", true),
            new Endpoint("feed", "ws/feed/bad-input", true),
            new Endpoint("counter", "ws/counter", true),
            new Endpoint("stats", "ws/stats", true),
            new Endpoint("echo", "ws/echo", false),
            new Endpoint("hello", "ws/hello", false));

    /** Messages every JSON endpoint refuses with an error, whatever its commands. */
    private static final List<String> BAD_MESSAGES = List.of(
            "{\"type\":\"say\",\"text\":\"\\ud800\",\"id\":\"s1\"}",
            "{\"type\":\"say\",\"text\":" + "[".repeat(1500) + "]".repeat(1500) + "}",
            "{\"type\":\"resume\",\"room\":\"r\",\"after\":" + "9".repeat(1200) + "}",
            "{\"type\":\"say\",\"text\":123}",
            "{\"type\":\"join\",\"room\":5}",
            "{\"type\":\"rooms\"} x",
            "{\"type\":\"rooms\"}{\"type\":\"rooms\"}",
            "{\"type\":\"launch\"}",
            "not json",
            "[]",
            "\"text\"",
            "{\"type\":\"rooms\",\"id\":\"" + "i".repeat(200) + "\"}",
            "{\"type\":7}",
            "{}",
            "{\"type\":\"say\",\"room\":\"bad room\",\"text\":\"x\",\"action\":\"launch\"}",
            "{\"action\":\"launch\"}");

    /** A bad frame and the close code it must get. */
    private record BadFrame(String what, int head, byte[] payload, int code, boolean unmasked) {
    }

    @Test
    void everyBadInputIsAnsweredAndNothingElseSuffers() throws Exception {
        Map<Integer, Integer> closes = new TreeMap<>();
        Canary canary = new Canary();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (WsClient canaryClient = connect("ws/echo")) {
            canary.client = canaryClient;
            Future<List<Long>> baseline = pool.submit(canary::measure);
            validLoad();
            canary.stop.set(true);
            List<Long> valid = baseline.get(1, TimeUnit.MINUTES);

            canary.stop.set(false);
            Future<List<Long>> during = pool.submit(canary::measure);
            for (Endpoint endpoint : ENDPOINTS) {
                if (endpoint.json()) {
                    messagesAndFrames(endpoint, closes);
                } else {
                    frames(endpoint, FRAME_ONLY, closes);
                }
            }
            canary.stop.set(true);
            List<Long> bad = during.get(1, TimeUnit.MINUTES);

            long validP99 = Math.max(p99(valid), Duration.ofMillis(2).toNanos());
            long badP99 = p99(bad);
            System.out.printf("BadInputIT on %s: canary echo p99 %.2f ms under valid load (%d), %.2f ms under bad "
                    + "input (%d); closes %s%n", RUNTIME, p99(valid) / 1e6, valid.size(), badP99 / 1e6, bad.size(),
                    closes);
            assertTrue(badP99 <= 3 * validP99, "canary p99 " + badP99 / 1e6 + " ms against " + validP99 / 1e6);
            canaryClient.send("still there");
            assertEquals("still there", canaryClient.nextText());
        } finally {
            pool.shutdownNow();
        }
        // each bad frame's close code was checked as it came; only Tomcat 11's drops are left to bound
        int drops = closes.getOrDefault(1006, 0);
        int frames = closes.values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(drops == 0 || DROPS_ON_PROTOCOL_ERROR_DURING_SEND && drops * 50 <= frames,
                drops + " of " + frames + " bad frames ended without a close frame");
        stillServing();
    }

    /** As many valid messages as the bad ones: what the canary is measured against. */
    private void validLoad() throws IOException {
        try (RawWebSocket chat = RawWebSocket.connect(ws("ws/chat/valid-load?user=valid-load"), 1 << 20)) {
            for (int sent = 0; sent < MESSAGES; sent += BATCH) {
                for (int i = 0; i < BATCH; i++) {
                    chat.sendFrame(FIN | 0x1, "{\"type\":\"rooms\",\"id\":\"v\"}".getBytes(StandardCharsets.UTF_8));
                }
                int replies = 0;
                while (replies < BATCH) {
                    RawWebSocket.Frame frame = chat.readFrame(WAIT);
                    assertTrue(frame != null && frame.opcode() != 0x8, "the valid load was cut off");
                    replies += text(frame).contains("\"rooms\"") || text(frame).contains("rate-limited") ? 1 : 0;
                }
            }
        }
    }

    private void messagesAndFrames(Endpoint endpoint, Map<Integer, Integer> closes) throws IOException {
        int sent = 0;
        int answered = 0;
        while (sent < MESSAGES) {
            try (RawWebSocket socket = RawWebSocket.connect(ws(endpoint.path()), 1 << 20)) {
                for (int onThis = 0; onThis < PER_CONNECTION && sent < MESSAGES; onThis += BATCH) {
                    for (int i = 0; i < BATCH; i++) {
                        socket.sendFrame(FIN | 0x1, BAD_MESSAGES.get((sent + i) % BAD_MESSAGES.size())
                                .getBytes(StandardCharsets.UTF_8));
                    }
                    sent += BATCH;
                    answered += errors(socket, BATCH, endpoint);
                }
            }
            frames(endpoint, PER_CONNECTION / FRAME_EVERY, closes);
        }
        assertEquals(sent, answered, endpoint.name() + ": every bad message answered with an error");
    }

    /** Reads until {@code expected} error messages have come; what else the endpoint says (presence...) is skipped. */
    private static int errors(RawWebSocket socket, int expected, Endpoint endpoint) throws IOException {
        int errors = 0;
        while (errors < expected) {
            RawWebSocket.Frame frame;
            try {
                frame = socket.readFrame(WAIT);
            } catch (SocketTimeoutException silent) {
                throw new AssertionError(endpoint.name() + ": " + (expected - errors) + " bad messages unanswered");
            }
            assertTrue(frame != null, endpoint.name() + ": the connection ended after " + errors + " answers");
            assertTrue(frame.opcode() != 0x8, endpoint.name() + ": closed with " + closeCode(frame) + " after "
                    + errors + " answers");
            if (frame.opcode() == 0x1 && text(frame).startsWith("{\"type\":\"error\"")) {
                errors++;
            }
        }
        return errors;
    }

    private void frames(Endpoint endpoint, int count, Map<Integer, Integer> closes) throws IOException {
        List<BadFrame> kinds = badFrames(endpoint);
        for (int i = 0; i < count; i++) {
            BadFrame bad = kinds.get(i % kinds.size());
            try (RawWebSocket socket = open(endpoint)) {
                if (bad.unmasked()) {
                    socket.sendUnmaskedText("hello");
                } else {
                    socket.sendFrame(bad.head(), bad.payload());
                }
                RawWebSocket.Frame close = closeAfter(socket, endpoint, bad);
                if (close == null) {
                    closes.merge(1006, 1, Integer::sum);
                    continue;
                }
                int code = closeCode(close);
                assertEquals(bad.code(), code, endpoint.name() + ": " + bad.what() + ", closed with '"
                        + (close.payload().length > 2 ? text(close).substring(2) : "") + "'");
                closes.merge(code, 1, Integer::sum);
            }
        }
    }

    /**
     * A connection for one bad frame. Payara Micro now and then answers one of some 2,000 handshakes in a burst with
     * {@code 200 OK} and no upgrade (CI runs of 2026-12-03 and 2026-12-04, not reproduced on demand), the second time
     * after the frames the endpoint had already sent on opening: its servlet upgrade ran the endpoint, then wrote the
     * status of a plain response. There, and on GlassFish, which shares its WebSocket integration, such a handshake is
     * retried, at most {@link #HANDSHAKE_RETRIES} times in the whole run.
     */
    /**
     * A connection to the endpoint; each one a user of its own where the endpoint names one, so that the bad frames'
     * thousand connections in quick succession never meet the per-user cap while the last ones are still closing.
     */
    private RawWebSocket open(Endpoint endpoint) throws IOException {
        String path = endpoint.path().contains("?user=") ? endpoint.path() + "-" + ++opened : endpoint.path();
        while (true) {
            try {
                return RawWebSocket.connect(ws(path), 1 << 20);
            } catch (IOException notUpgraded) {
                if (UNMASKED_REFUSED || !notUpgraded.getMessage().contains("HTTP/1.1 200")
                        || ++handshakeRetries > HANDSHAKE_RETRIES) {
                    throw notUpgraded;
                }
                System.out.println("BadInputIT on " + RUNTIME + ": handshake retried after " + notUpgraded.getMessage());
            }
        }
    }

    private static List<BadFrame> badFrames(Endpoint endpoint) {
        List<BadFrame> kinds = new ArrayList<>(List.of(
                new BadFrame("invalid UTF-8", FIN | 0x1, HexFormat.of().parseHex("7b22c0af227d"), 1007, false),
                new BadFrame("an encoded surrogate", FIN | 0x1, HexFormat.of().parseHex("41eda080"), 1007, false),
                new BadFrame("RSV1 without an extension", FIN | 0x40 | 0x1, "{}".getBytes(StandardCharsets.UTF_8),
                        1002, false),
                new BadFrame("reserved opcode 3", FIN | 0x3, new byte[3], 1002, false),
                new BadFrame("a fragmented ping", 0x9, new byte[2], 1002, false),
                new BadFrame("a message over max-message-size", FIN | 0x1, oversize(), 1009, false)));
        if (!endpoint.name().equals("echo")) {
            kinds.add(new BadFrame("a binary message", FIN | 0x2, new byte[8], 1003, false));
        }
        if (UNMASKED_REFUSED) {
            kinds.add(new BadFrame("an unmasked frame", 0, new byte[0], 1002, true));
        }
        return kinds;
    }

    /** The first close frame, skipping what the endpoint sends on opening. */
    private static RawWebSocket.Frame closeAfter(RawWebSocket socket, Endpoint endpoint, BadFrame bad)
            throws IOException {
        while (true) {
            RawWebSocket.Frame frame;
            try {
                frame = socket.readFrame(WAIT);
            } catch (SocketTimeoutException silent) {
                throw new AssertionError(endpoint.name() + ": " + bad.what() + " got no answer");
            }
            if (frame == null) {
                if (DROPS_ON_PROTOCOL_ERROR_DURING_SEND
                        && (bad.code() == 1002 || bad.code() == 1007 || bad.code() == 1009)) {
                    return null;
                }
                throw new AssertionError(endpoint.name() + ": " + bad.what() + " ended the connection without a "
                        + "close frame (1006)");
            }
            if (frame.opcode() == 0x8) {
                return frame;
            }
        }
    }

    private void stillServing() throws IOException {
        try (RawWebSocket chat = RawWebSocket.connect(ws("ws/chat/bad-input?user=after"), 1 << 20)) {
            chat.sendFrame(FIN | 0x1, "{\"type\":\"rooms\",\"id\":\"after\"}".getBytes(StandardCharsets.UTF_8));
            String reply;
            do {
                RawWebSocket.Frame frame = chat.readFrame(WAIT);
                assertTrue(frame != null && frame.opcode() != 0x8, "chat no longer serves");
                reply = text(frame);
            } while (!reply.contains("\"rooms\""));
        }
        try (WsClient counter = connect("ws/counter")) {
            assertTrue(counter.nextText().contains("\"count\""), "the counter no longer serves");
        }
    }

    private static byte[] oversize() {
        byte[] text = new byte[MAX_MESSAGE + 1];
        Arrays.fill(text, (byte) 'x');
        return text;
    }

    private static int closeCode(RawWebSocket.Frame frame) {
        byte[] p = frame.payload();
        return p.length >= 2 ? ((p[0] & 0xFF) << 8) | (p[1] & 0xFF) : 1005;
    }

    private static String text(RawWebSocket.Frame frame) {
        return new String(frame.payload(), StandardCharsets.UTF_8);
    }

    private static long p99(List<Long> samples) {
        if (samples.isEmpty()) {
            throw new AssertionError("the canary measured nothing");
        }
        List<Long> sorted = samples.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1));
    }

    /** Echoes one message at a time on its own connection until told to stop, timing each round trip. */
    private static final class Canary {
        private final AtomicBoolean stop = new AtomicBoolean();
        private volatile WsClient client;

        List<Long> measure() {
            List<Long> rtts = new ArrayList<>();
            for (int i = 0; !stop.get(); i++) {
                long start = System.nanoTime();
                client.send("canary " + i);
                String echoed = client.nextText();
                rtts.add(System.nanoTime() - start);
                if (!echoed.equals("canary " + i)) {
                    throw new AssertionError("the canary got '" + echoed + "'");
                }
            }
            return rtts;
        }
    }
}
