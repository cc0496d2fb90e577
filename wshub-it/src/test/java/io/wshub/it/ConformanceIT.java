package io.wshub.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 6455 from the wire, in the spirit of the Autobahn testsuite's sections 1–7 and 9 (which needs Python 2 and
 * cannot run here): framing and lengths, pings, reserved bits, opcodes, fragmentation, UTF-8, close codes and
 * reasons, limits, each case on a connection of its own to {@code /ws/echo}. What the server sent back is summed up
 * as a list of events ({@code echo}, {@code pong}, {@code close CODE}, {@code eof}, {@code silence}); each case names
 * the outcomes the RFC allows. Where a container differs and wshub cannot correct it from the WAR, the outcome it
 * gives is pinned in {@link #DEVIATIONS}, so that a change either way is seen; the README's table is written from
 * {@code target/conformance-<runtime>.md} ({@code docs/conformance.md} gathers them).
 */
class ConformanceIT extends WshubIT {

    private static final String RUNTIME = System.getProperty("wshub.it.runtime", "unknown");
    /** The runtime and its version line: tomcat and tomcat11 are one runtime to the tests. */
    private static final String LABEL = System.getProperty("wshub.it.label", RUNTIME);
    private static final int MAX_MESSAGE = 65536;
    private static final Duration REPLY_WAIT = Duration.ofSeconds(3);

    private static final int FIN = 0x80;
    private static final int RSV1 = 0x40;
    private static final int RSV2 = 0x20;
    private static final int RSV3 = 0x10;
    private static final int CONTINUATION = 0x0;
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;
    private static final int PONG = 0xA;

    /**
     * What a runtime does instead of what the RFC asks, by case; measured on the suite's versions (see the README's
     * table for what each means to a client).
     */
    private static final Map<String, Map<String, String>> DEVIATIONS = Map.of(
            // Tyrus's servlet integration carries out an unmasked frame, below the WAR (HandshakeIT says so too)
            "glassfish", Map.of("9.4", "text 5, silence"),
            "payara", Map.of("9.4", "text 5, silence"));

    private static final Map<String, String> RESULTS = new LinkedHashMap<>();

    /** Something to send, and what may come back. */
    private record Case(String id, String title, Set<String> allowed, int replies, Action action) {
    }

    @FunctionalInterface
    private interface Action {
        void run(RawWebSocket socket) throws IOException;
    }

    @TestFactory
    Stream<DynamicTest> rfc6455() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.id() + " " + c.title(), () -> run(c)));
    }

    private void run(Case c) throws IOException {
        String outcome;
        try (RawWebSocket socket = RawWebSocket.connect(ws("ws/echo"), 1 << 20)) {
            c.action().run(socket);
            outcome = String.join(", ", replies(socket, c.replies()));
        }
        RESULTS.put(c.id() + " " + c.title(), outcome + "\t" + String.join(" or ", c.allowed()));
        String pinned = DEVIATIONS.getOrDefault(LABEL, Map.of()).get(c.id());
        if (pinned != null) {
            assertTrue(pinned.equals(outcome), c.id() + " on " + LABEL + ": the known deviation was '" + pinned
                    + "', now '" + outcome + "' (RFC: " + c.allowed() + ")");
        } else {
            assertTrue(c.allowed().contains(outcome), c.id() + " " + c.title() + ": got '" + outcome + "', RFC 6455 "
                    + "allows " + c.allowed());
        }
    }

    /**
     * Reads until {@code expected} replies (data messages, whole, and pongs) have come, or a close, the end of the
     * connection, or silence. A data message is {@code echo} when it is what the case sent, else described.
     */
    private static List<String> replies(RawWebSocket socket, int expected) throws IOException {
        List<String> events = new ArrayList<>();
        int replies = 0;
        java.io.ByteArrayOutputStream message = null;
        int messageOpcode = 0;
        while (replies < expected) {
            RawWebSocket.Frame frame;
            try {
                frame = socket.readFrame(REPLY_WAIT);
            } catch (SocketTimeoutException quiet) {
                events.add("silence");
                return events;
            }
            if (frame == null) {
                events.add("eof");
                return events;
            }
            switch (frame.opcode()) {
                case CLOSE -> {
                    byte[] p = frame.payload();
                    events.add(p.length >= 2 ? "close " + (((p[0] & 0xFF) << 8) | (p[1] & 0xFF)) : "close");
                    return events;
                }
                case PONG -> {
                    events.add("pong " + frame.payload().length);
                    replies++;
                }
                case PING -> {
                    // the server's own keep-alive ping: not a reply
                }
                case TEXT, BINARY, CONTINUATION -> {
                    if (frame.opcode() != CONTINUATION) {
                        message = new java.io.ByteArrayOutputStream();
                        messageOpcode = frame.opcode();
                    }
                    if (message != null) {
                        message.write(frame.payload());
                    }
                    if (frame.fin() && message != null) {
                        events.add((messageOpcode == TEXT ? "text " : "binary ") + message.size());
                        message = null;
                        replies++;
                    }
                }
                default -> events.add("opcode " + frame.opcode());
            }
        }
        return events;
    }

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // 1: framing, every length encoding, text and binary
        for (int length : new int[] {0, 125, 126, 127, 128, 65535, MAX_MESSAGE}) {
            cases.add(echo("1.1." + length, "text of " + length + " bytes", TEXT, ascii(length)));
            cases.add(echo("1.2." + length, "binary of " + length + " bytes", BINARY, bytes(length)));
        }
        // 2: pings and pongs
        cases.add(exchange("2.1", "ping without payload", Set.of("pong 0"), 1, s -> s.sendFrame(FIN | PING, new byte[0])));
        cases.add(exchange("2.2", "ping of 125 bytes", Set.of("pong 125"), 1, s -> s.sendFrame(FIN | PING, bytes(125))));
        cases.add(exchange("2.3", "ping of 126 bytes (a control frame is at most 125)", Set.of("close 1002", "eof"),
                Integer.MAX_VALUE, s -> s.sendFrame(FIN | PING, bytes(126))));
        cases.add(exchange("2.4", "unsolicited pong, then text", Set.of("text 5"), 1, s -> {
            s.sendFrame(FIN | PONG, ascii(10));
            s.sendFrame(FIN | TEXT, ascii(5));
        }));
        cases.add(exchange("2.5", "ten pings at once", Set.of(String.join(", ", java.util.Collections.nCopies(10,
                "pong 3"))), 10, s -> {
                    for (int i = 0; i < 10; i++) {
                        s.sendFrame(FIN | PING, ascii(3));
                    }
                }));
        // 3: reserved bits, which no extension was negotiated for
        cases.add(failure("3.1", "text with RSV1", "1002", s -> s.sendFrame(FIN | RSV1 | TEXT, ascii(5))));
        cases.add(failure("3.2", "text with RSV2", "1002", s -> s.sendFrame(FIN | RSV2 | TEXT, ascii(5))));
        cases.add(failure("3.3", "text with RSV3", "1002", s -> s.sendFrame(FIN | RSV3 | TEXT, ascii(5))));
        cases.add(failure("3.4", "binary with RSV1 and RSV3", "1002",
                s -> s.sendFrame(FIN | RSV1 | RSV3 | BINARY, bytes(5))));
        cases.add(failure("3.5", "ping with RSV2", "1002", s -> s.sendFrame(FIN | RSV2 | PING, ascii(5))));
        // 4: reserved opcodes
        for (int opcode : new int[] {3, 4, 5, 6, 7}) {
            cases.add(failure("4.1." + opcode, "reserved data opcode " + opcode, "1002",
                    s -> s.sendFrame(FIN | opcode, ascii(5))));
        }
        for (int opcode : new int[] {11, 12, 13, 14, 15}) {
            cases.add(failure("4.2." + opcode, "reserved control opcode " + opcode, "1002",
                    s -> s.sendFrame(FIN | opcode, ascii(5))));
        }
        // 5: fragmentation
        cases.add(failure("5.1", "fragmented ping", "1002", s -> {
            s.sendFrame(PING, ascii(2));
            s.sendFrame(FIN | CONTINUATION, ascii(2));
        }));
        cases.add(exchange("5.2", "text in two fragments", Set.of("text 10"), 1, s -> {
            s.sendFrame(TEXT, ascii(5));
            s.sendFrame(FIN | CONTINUATION, ascii(5));
        }));
        cases.add(exchange("5.3", "text in three fragments, a ping between", Set.of("pong 2, text 15"), 2, s -> {
            s.sendFrame(TEXT, ascii(5));
            s.sendFrame(FIN | PING, ascii(2));
            s.sendFrame(CONTINUATION, ascii(5));
            s.sendFrame(FIN | CONTINUATION, ascii(5));
        }));
        cases.add(exchange("5.4", "binary in fragments, some empty", Set.of("binary 6"), 1, s -> {
            s.sendFrame(BINARY, new byte[0]);
            s.sendFrame(CONTINUATION, bytes(3));
            s.sendFrame(CONTINUATION, new byte[0]);
            s.sendFrame(FIN | CONTINUATION, bytes(3));
        }));
        cases.add(exchange("5.5", "text in 100 one-byte fragments", Set.of("text 100"), 1, s -> {
            s.sendFrame(TEXT, ascii(1));
            for (int i = 0; i < 98; i++) {
                s.sendFrame(CONTINUATION, ascii(1));
            }
            s.sendFrame(FIN | CONTINUATION, ascii(1));
        }));
        cases.add(failure("5.6", "continuation, final, with no message begun", "1002",
                s -> s.sendFrame(FIN | CONTINUATION, ascii(5))));
        cases.add(failure("5.7", "continuation, not final, with no message begun", "1002", s -> {
            s.sendFrame(CONTINUATION, ascii(5));
            s.sendFrame(FIN | TEXT, ascii(5));
        }));
        cases.add(failure("5.8", "a new text frame inside a fragmented one", "1002", s -> {
            s.sendFrame(TEXT, ascii(5));
            s.sendFrame(FIN | TEXT, ascii(5));
        }));
        cases.add(failure("5.9", "a binary frame inside a fragmented text", "1002", s -> {
            s.sendFrame(TEXT, ascii(5));
            s.sendFrame(FIN | BINARY, bytes(5));
        }));
        // 6: UTF-8
        cases.add(echo("6.1", "Greek text", TEXT, "κόσμε".getBytes(StandardCharsets.UTF_8)));
        cases.add(echo("6.2", "a four-byte character", TEXT, "\uD83D\uDE00".getBytes(StandardCharsets.UTF_8)));
        cases.add(echo("6.3", "the largest character, U+10FFFF", TEXT, hex("f48fbfbf")));
        cases.add(failure("6.4", "overlong encoding of '/'", "1007", s -> s.sendFrame(FIN | TEXT, hex("c0af"))));
        cases.add(failure("6.5", "a lone continuation byte", "1007", s -> s.sendFrame(FIN | TEXT, hex("41804142"))));
        cases.add(failure("6.6", "an encoded surrogate, U+D800", "1007", s -> s.sendFrame(FIN | TEXT, hex("eda080"))));
        cases.add(failure("6.7", "beyond U+10FFFF", "1007", s -> s.sendFrame(FIN | TEXT, hex("f4908080"))));
        cases.add(failure("6.8", "a sequence cut short at the end", "1007", s -> s.sendFrame(FIN | TEXT, hex("41e282"))));
        cases.add(failure("6.9", "bytes 0xFE and 0xFF", "1007", s -> s.sendFrame(FIN | TEXT, hex("fe41ff"))));
        cases.add(exchange("6.10", "a character split between fragments", Set.of("text 4"), 1, s -> {
            s.sendFrame(TEXT, hex("41e2"));
            s.sendFrame(FIN | CONTINUATION, hex("82ac"));
        }));
        cases.add(failure("6.11", "invalid UTF-8 split between fragments", "1007", s -> {
            s.sendFrame(TEXT, hex("41ed"));
            s.sendFrame(FIN | CONTINUATION, hex("a080"));
        }));
        cases.add(failure("6.12", "invalid UTF-8 in the first of two fragments", "1007", s -> {
            s.sendFrame(TEXT, hex("41c0af"));
            s.sendFrame(FIN | CONTINUATION, ascii(3));
        }));
        // 7: closing
        cases.add(exchange("7.1", "close 1000", Set.of("close 1000"), Integer.MAX_VALUE, s -> s.sendFrame(FIN | CLOSE,
                code(1000, ""))));
        cases.add(exchange("7.2", "close without payload", Set.of("close", "close 1000"), Integer.MAX_VALUE,
                s -> s.sendFrame(FIN | CLOSE, new byte[0])));
        cases.add(failure("7.3", "close with a one-byte payload", "1002", s -> s.sendFrame(FIN | CLOSE, new byte[] {3})));
        cases.add(exchange("7.4", "close 1000 with a 123-byte reason", Set.of("close 1000"), Integer.MAX_VALUE,
                s -> s.sendFrame(FIN | CLOSE, code(1000, "r".repeat(123)))));
        cases.add(failure("7.5", "close with a 124-byte reason (126-byte payload)", "1002",
                s -> s.sendFrame(FIN | CLOSE, code(1000, "r".repeat(124)))));
        cases.add(exchange("7.6", "close reason that is not UTF-8", Set.of("close 1007", "close 1002"),
                Integer.MAX_VALUE, s -> s.sendFrame(FIN | CLOSE, concat(code(1000, ""), hex("eda080")))));
        for (int valid : new int[] {1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999}) {
            cases.add(exchange("7.7." + valid, "close " + valid + " (a valid code)",
                    Set.of("close " + valid, "close 1000"), Integer.MAX_VALUE,
                    s -> s.sendFrame(FIN | CLOSE, code(valid, ""))));
        }
        for (int invalid : new int[] {0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999, 5000, 65535}) {
            cases.add(failure("7.9." + invalid, "close " + invalid + " (not a code a peer may send)", "1002",
                    s -> s.sendFrame(FIN | CLOSE, code(invalid, ""))));
        }
        cases.add(exchange("7.10", "text after the close frame is ignored", Set.of("close 1000"), Integer.MAX_VALUE,
                s -> {
                    s.sendFrame(FIN | CLOSE, code(1000, ""));
                    s.sendFrame(FIN | TEXT, ascii(5));
                }));
        // 9: limits
        cases.add(failure("9.1", "text one byte over max-message-size", "1009",
                s -> s.sendFrame(FIN | TEXT, ascii(MAX_MESSAGE + 1))));
        cases.add(failure("9.2", "binary one byte over max-message-size", "1009",
                s -> s.sendFrame(FIN | BINARY, bytes(MAX_MESSAGE + 1))));
        cases.add(failure("9.3", "text over max-message-size in 4 KiB fragments", "1009", s -> {
            s.sendFrame(TEXT, ascii(4096));
            for (int sent = 4096; sent <= MAX_MESSAGE; sent += 4096) {
                s.sendFrame(CONTINUATION, ascii(4096));
            }
            s.sendFrame(FIN | CONTINUATION, ascii(1));
        }));
        cases.add(failure("9.4", "an unmasked frame (RFC 6455 5.1)", "1002", s -> s.sendUnmaskedText("hello")));
        return cases;
    }

    private static Case echo(String id, String title, int opcode, byte[] payload) {
        String expected = (opcode == TEXT ? "text " : "binary ") + payload.length;
        return new Case(id, title, Set.of(expected), 1, s -> s.sendFrame(FIN | opcode, payload));
    }

    private static Case exchange(String id, String title, Set<String> allowed, int replies, Action action) {
        return new Case(id, title, allowed, replies, action);
    }

    /** The connection must be failed with this code; a server that closes without a frame fails it too, less kindly. */
    private static Case failure(String id, String title, String code, Action action) {
        return new Case(id, title, Set.of("close " + code), Integer.MAX_VALUE, action);
    }

    private static byte[] ascii(int length) {
        byte[] text = new byte[length];
        Arrays.fill(text, (byte) 'x');
        return text;
    }

    private static byte[] bytes(int length) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) i;
        }
        return data;
    }

    private static byte[] hex(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }

    private static byte[] code(int code, String reason) {
        return concat(new byte[] {(byte) (code >> 8), (byte) code}, reason.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** The runtime's results, as rows of the README's table. */
    @AfterAll
    static void writeResults() {
        StringBuilder table = new StringBuilder("| case | " + LABEL + " | RFC 6455 |\n|---|---|---|\n");
        RESULTS.forEach((c, result) -> {
            String[] parts = result.split("\t");
            table.append("| ").append(c).append(" | ").append(parts[0]).append(" | ").append(parts[1]).append(" |\n");
        });
        try {
            Path out = Path.of(System.getProperty("wshub.build.directory", "target"), "conformance-" + LABEL + ".md");
            Files.writeString(out, table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
