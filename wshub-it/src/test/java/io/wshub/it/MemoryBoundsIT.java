package io.wshub.it;

import io.wshub.it.embedded.EmbeddedProcess;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The attack that took the server down: 40 clients, each in two rooms, fill 80 rooms with 1,000 messages of 4,000
 * characters each (some 640 MB of history as it used to be kept) on a 256 MiB heap. The server must stay up, keep its
 * heap within its budget, and answer a resume of a room that lost messages with {@code recovered: false}. A server
 * of its own (the rate limit is raised so that the fill takes seconds), so the embedded runtime only.
 */
@EnabledIfSystemProperty(named = "wshub.it.runtime", matches = "embedded")
class MemoryBoundsIT {

    private static final int CLIENTS = 40;
    private static final int PER_ROOM = 1_000;
    private static final int BATCH = 100;
    private static final String TEXT = "x".repeat(4_000);
    private static final Pattern HEAP_USED = Pattern.compile("garbage-first heap\\s+total \\d+K, used (\\d+)K");

    private final Path build = Path.of(System.getProperty("wshub.build.directory", "target"));

    @Test
    void eightyFullRoomsOnA256MiBHeapStayWithinTheBudgetAndResumesAnswerHonestly() throws Exception {
        try (EmbeddedProcess server = EmbeddedProcess.start(build.resolve("wshub-embedded.jar"),
                build.resolve("memory-bounds-it.log"), List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"),
                Map.of("WSHUB_MESSAGE_RATE", "1000000", "WSHUB_MESSAGE_BURST", "1000000"))) {
            List<JsonClient> clients = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<?>> fills = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    JsonClient client = chat(server.port(), "room-" + (2 * c), "filler-" + c);
                    clients.add(client);
                    String second = "room-" + (2 * c + 1);
                    fills.add(pool.submit(() -> fill(client, second)));
                }
                for (Future<?> fill : fills) {
                    fill.get(5, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }

            long usedKiB = heapUsedAfterGc(server.pid());
            // the history's budget is 64 Mi characters of Latin-1 text: about 64 MiB, plus the server itself
            assertTrue(usedKiB < 160 * 1024, "heap after GC: " + usedKiB / 1024 + " MiB");

            // room-0 was filled first: used least recently, it gave up its oldest messages first (its member keeps
            // its log); a newcomer asking for all of it is told some are gone, and gets what is kept
            try (JsonClient late = chat(server.port(), "room-0", "late")) {
                late.send("resume", "room", "room-0", "after", 0, "id", "r0");
                JsonObject resumed = late.next("resumed");
                assertFalse(resumed.getBoolean("recovered"));
                long kept = 0;
                for (JsonObject next = late.next(); next.getString("type").equals("message"); next = late.next()) {
                    kept++;
                }
                assertTrue(kept < PER_ROOM, kept + " of room-0's messages kept");
                System.out.println("MemoryBoundsIT: heap after GC " + usedKiB / 1024 + " MiB; room-0 kept " + kept
                        + " of " + PER_ROOM + " messages");
            }

            try (WsClient echo = WsClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ws/echo"))) {
                echo.send("still answering");
                assertEquals("still answering", echo.nextText());
            }
            clients.forEach(JsonClient::close);
            assertFalse(server.output().stream().anyMatch(line -> line.contains("OutOfMemoryError")),
                    "the server ran out of memory");
        }
    }

    /**
     * Joins the second room and posts PER_ROOM messages to each, a batch at a time: the ack of a batch's last message
     * says the server has handled the batch, whose messages and acks the client reads on the way.
     */
    private static void fill(JsonClient client, String second) {
        client.send("join", "room", second, "id", "j");
        client.next("ack", 10);
        for (int sent = 0; sent < PER_ROOM; sent += BATCH) {
            for (int i = 0; i < BATCH; i++) {
                client.send("say", "text", TEXT, "id", "h" + (sent + i));
                client.send("say", "room", second, "text", TEXT, "id", "s" + (sent + i));
            }
            for (int i = 0; i < 2 * BATCH; i++) {
                client.next("ack", 1_000);
            }
        }
    }

    private static JsonClient chat(int port, String room, String user) {
        JsonClient client = new JsonClient(WsClient.connect(
                URI.create("ws://127.0.0.1:" + port + "/ws/chat/" + room + "?user=" + user)));
        client.next("presence");
        return client;
    }

    private static long heapUsedAfterGc(long pid) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        run(jcmd.toString(), String.valueOf(pid), "GC.run");
        String info = run(jcmd.toString(), String.valueOf(pid), "GC.heap_info");
        Matcher used = HEAP_USED.matcher(info);
        assertTrue(used.find(), info);
        return Long.parseLong(used.group(1));
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS), output);
        return output;
    }
}
