package io.wshub.soak;

import io.wshub.it.embedded.EmbeddedProcess;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The soak ({@code ./mvnw -Psoak verify}, not part of the normal build): {@code soak.clients} chat clients (2,000),
 * each every {@code soak.act-every-ms} (30,000) saying, joining, leaving or reconnecting with a resume, for
 * {@code soak.minutes} (30), against the embedded server
 * it starts itself, or against any running server at {@code soak.url} (e.g. a Tomcat set up by deploy/tomcat, with
 * {@code soak.pid} its process). It reports, and checks: unexpected closes (0), the p99 of a client's own message
 * coming back to it, the server's heap after a full GC and its open file descriptors once the stores have filled up
 * ({@code soak.warmup-minutes}, 5) and at the end (flat: the end within 1.5× the start, plus 32 MiB and 64
 * descriptors of slack).
 */
class ChatSoak {

    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
    private static final int ROOMS = 50;

    private final int clients = Integer.getInteger("soak.clients", 2_000);
    private final Duration length = Duration.ofMinutes(Long.getLong("soak.minutes", 30));
    /**
     * How often each client acts: every 30 s, 67 actions a second from 2,000 clients, which this load generator and
     * a server share two cores at; every 10 s, the JDK's client falls behind what it receives.
     */
    private final Duration actEvery = Duration.ofMillis(Long.getLong("soak.act-every-ms", 30_000));
    /** How long the clients chat before the server's heap and descriptors are first taken: its stores fill up. */
    private final Duration warmUp = Duration.ofMinutes(Long.getLong("soak.warmup-minutes", 5));
    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);
    private final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    private final AtomicLong said = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    /** The error answers, by code: which refusals the clients' random actions ran into. */
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();

    @Test
    void chatClientsComeAndGoForHalfAnHourAndNothingLeaksOrBreaks() throws Exception {
        Path build = Path.of(System.getProperty("wshub.build.directory", "target"));
        String url = System.getProperty("soak.url", "");
        EmbeddedProcess embedded = url.isEmpty() ? EmbeddedProcess.start(build.resolve("wshub-embedded.jar"),
                build.resolve("soak.log"), List.of("-Xmx512m"), Map.of("WSHUB_MAX_CONNECTIONS_PER_ADDRESS", "100000",
                        "WSHUB_MESSAGE_RATE", "100", "WSHUB_MESSAGE_BURST", "200")) : null;
        try {
            URI base = URI.create(url.isEmpty() ? "ws://127.0.0.1:" + embedded.port() + "/" : url);
            long pid = embedded != null ? embedded.pid() : Long.getLong("soak.pid", -1);
            List<Client> all = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                Client client = new Client(http, base, "soak-" + i, "room-" + (i % ROOMS));
                client.connect(0);
                all.add(client);
            }
            for (Client client : all) {
                scheduler.scheduleWithFixedDelay(client::act, ThreadLocalRandom.current().nextLong(actEvery.toMillis()),
                        actEvery.toMillis(), TimeUnit.MILLISECONDS);
            }
            Duration settle = warmUp.compareTo(length) < 0 ? warmUp : length.dividedBy(3);
            Thread.sleep(settle.toMillis());
            long heapStart = heapAfterGc(pid);
            long fdStart = descriptors(pid);
            Thread.sleep(length.minus(settle).toMillis());
            scheduler.shutdownNow();
            Thread.sleep(5_000);
            long heapEnd = heapAfterGc(pid);
            long fdEnd = descriptors(pid);
            List<Long> sorted = latencies.stream().sorted().toList();
            long p99 = sorted.isEmpty() ? -1 : sorted.get((int) (sorted.size() * 0.99));
            long p50 = sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
            Map<String, Long> byKind = new TreeMap<>();
            unexpected.forEach(kind -> byKind.merge(kind, 1L, Long::sum));
            String report = String.format("soak: %d clients acting every %s, %s; %d messages said, %d reconnects, "
                    + "%d errors answered %s; a client's own message back: p50 %.1f ms, p99 %.1f ms; "
                    + "heap after GC %d -> %d MiB; file descriptors %d -> %d; unexpected closes %d %s",
                    clients, actEvery, length,
                    said.get(), reconnects.get(), errors.values().stream().mapToLong(AtomicLong::get).sum(),
                    new TreeMap<>(errors), p50 / 1e6, p99 / 1e6, heapStart / 1024,
                    heapEnd / 1024, fdStart, fdEnd, unexpected.size(), byKind);
            System.out.println(report);
            Files.writeString(build.resolve("soak-report.txt"), report + "\n");
            assertEquals(0, unexpected.size(), "unexpected closes: " + report);
            assertTrue(heapStart < 0 || heapEnd <= heapStart * 3 / 2 + 32 * 1024, "heap grew: " + report);
            assertTrue(fdStart < 0 || fdEnd <= fdStart * 3 / 2 + 64, "descriptors grew: " + report);
            for (Client client : all) {
                client.close();
            }
        } finally {
            scheduler.shutdownNow();
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** One chat user: in its home room, sometimes in a second one, now and then reconnecting with a resume. */
    private final class Client {
        private final HttpClient http;
        private final URI base;
        private final String user;
        private final String home;
        private final Map<String, Long> pending = new ConcurrentHashMap<>();
        private volatile WebSocket socket;
        /** The connections this client is leaving: their closes are its own. */
        private final java.util.Set<WebSocket> left = ConcurrentHashMap.newKeySet();
        /** The connections that ended unexpectedly, each counted once. */
        private final java.util.Set<WebSocket> failed = ConcurrentHashMap.newKeySet();
        private volatile long lastSeq;
        private volatile String extraRoom;
        private volatile boolean leaving;
        private long counter;

        Client(HttpClient http, URI base, String user, String home) {
            this.http = http;
            this.base = base;
            this.user = user;
            this.home = home;
        }

        void connect(long resumeAfter) {
            URI uri = base.resolve("ws/chat/" + home + "?user=" + user);
            String address = "10." + (user.hashCode() >>> 16 & 0xff) + "." + (user.hashCode() >>> 8 & 0xff) + ".1";
            socket = http.newWebSocketBuilder().header("X-Forwarded-For", address).buildAsync(uri, new Listener())
                    .orTimeout(30, TimeUnit.SECONDS).join();
            if (resumeAfter > 0) {
                send("{\"type\":\"resume\",\"room\":\"" + home + "\",\"after\":" + resumeAfter + "}");
            }
        }

        /** Says something mostly; joins, leaves or reconnects now and then. */
        synchronized void act() {
            WebSocket current = socket;
            if (current.isOutputClosed()) {
                return;
            }
            try {
                int dice = ThreadLocalRandom.current().nextInt(100);
                if (dice < 2) {
                    reconnects.incrementAndGet();
                    left.add(socket);
                    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(10, TimeUnit.SECONDS).join();
                    connect(lastSeq);
                } else if (dice < 6) {
                    if (extraRoom == null) {
                        extraRoom = "room-" + ThreadLocalRandom.current().nextInt(ROOMS);
                        send("{\"type\":\"join\",\"room\":\"" + extraRoom + "\"}");
                    } else {
                        send("{\"type\":\"leave\",\"room\":\"" + extraRoom + "\"}");
                        extraRoom = null;
                    }
                } else {
                    String id = user + "-" + counter++;
                    pending.put(id, System.nanoTime());
                    said.incrementAndGet();
                    send("{\"type\":\"say\",\"text\":\"soak " + id + "\",\"id\":\"" + id + "\"}");
                }
            } catch (RuntimeException e) {
                failed(current, e.toString());
            }
        }

        /**
         * Counts an unexpected end of a connection once, by kind, and reconnects with a resume a second later, as a
         * real client would, so that the client stays in the soak.
         */
        private void failed(WebSocket webSocket, String kind) {
            if (left.contains(webSocket) || leaving || scheduler.isShutdown() || !failed.add(webSocket)) {
                return;
            }
            unexpected.add(kind);
            try {
                scheduler.schedule(this::reconnect, 1, TimeUnit.SECONDS);
            } catch (java.util.concurrent.RejectedExecutionException ending) {
                // the soak is over
            }
        }

        private synchronized void reconnect() {
            try {
                reconnects.incrementAndGet();
                connect(lastSeq);
            } catch (RuntimeException e) {
                unexpected.add("reconnect: " + e);
            }
        }

        private void send(String text) {
            socket.sendText(text, true).orTimeout(30, TimeUnit.SECONDS).join();
        }

        /** One connection's listener: a message in parts is put together per connection. */
        private final class Listener implements WebSocket.Listener {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    JsonObject message = Json.createReader(new StringReader(partial.toString())).readObject();
                    partial.setLength(0);
                    switch (message.getString("type")) {
                        case "message" -> {
                            if (message.getString("room").equals(home)) {
                                lastSeq = Math.max(lastSeq, message.getJsonNumber("seq").longValue());
                            }
                            Optional.ofNullable(message.getString("id", null)).map(pending::remove)
                                    .filter(start -> message.getString("from").equals(user))
                                    .ifPresent(start -> latencies.add(System.nanoTime() - start));
                        }
                        case "error" -> errors.computeIfAbsent(message.getString("code"), code -> new AtomicLong())
                                .incrementAndGet();
                        default -> {
                            // presence, joined, left, acks, resumed
                        }
                    }
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                if (!left.remove(webSocket)) {
                    failed(webSocket, statusCode + " " + reason);
                }
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                failed(webSocket, error.toString());
            }
        }

        void close() {
            leaving = true;
            socket.abort();
        }
    }

    private static long heapAfterGc(long pid) throws Exception {
        if (pid < 0) {
            return -1;
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        run(jcmd.toString(), String.valueOf(pid), "GC.run");
        Matcher used = HEAP_USED.matcher(run(jcmd.toString(), String.valueOf(pid), "GC.heap_info"));
        return used.find() ? Long.parseLong(used.group(1)) : -1;
    }

    private static long descriptors(long pid) throws Exception {
        Path fds = Path.of("/proc", String.valueOf(pid), "fd");
        if (pid < 0 || !Files.isDirectory(fds)) {
            return -1;
        }
        try (var listing = Files.list(fds)) {
            return listing.count();
        }
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(30, TimeUnit.SECONDS);
        return output;
    }
}
