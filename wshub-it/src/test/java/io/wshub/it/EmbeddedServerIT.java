package io.wshub.it;

import io.wshub.it.embedded.EmbeddedProcess;
import io.wshub.security.TokenSigner;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded server as an operator runs it: its own process, configured by its environment, stopped with SIGTERM. */
@EnabledIfSystemProperty(named = "wshub.it.runtime", matches = "embedded")
class EmbeddedServerIT {

    /** The classes of {@code io.wshub.itapp}, which the application's jar holds. */
    private static final int APPLICATION_CLASSES = 6;

    private final Path build = Path.of(System.getProperty("wshub.build.directory", "target"));

    @Test
    void sigtermClosesEveryConnectionWith1001AndExits() throws Exception {
        try (EmbeddedProcess server = EmbeddedProcess.start(build.resolve("wshub-embedded.jar"),
                build.resolve("embedded-server-it.log"), Map.of())) {
            WsClient echo = WsClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ws/echo"));
            WsClient stats = WsClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ws/stats?user=a"));
            echo.send("ping");
            assertEquals("ping", echo.nextText());

            int exit = server.terminate(Duration.ofSeconds(20));

            assertEquals(1001, echo.awaitClose().code());
            assertEquals(1001, stats.awaitClose().code());
            // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and exited on the signal
            assertEquals(143, exit);
            assertTrue(server.output().stream().anyMatch(line -> line.contains("wshub stopped")), server.output()::toString);
        }
    }

    /**
     * Before, a bean of the application's own on the embedded jar's classpath was never called: the README's
     * {@code Publisher} example could not be used with the one-command server. Now the jars of {@code --lib DIR}
     * with a {@code beans.xml} are CDI bean archives of the server.
     */
    @Test
    void applicationBeansFromLibObserveConnectionsAndPublish() throws Exception {
        try (EmbeddedProcess server = startWithApplication()) {
            WsClient echo = WsClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ws/echo?user=ada"));

            assertEquals("{\"text\":\"welcome, ada\",\"type\":\"greeting\"}", echo.nextText());
            echo.send("ping");
            assertEquals("ping", echo.nextText());
            assertTrue(server.output().stream().anyMatch(line -> line.contains("application code: "
                            + APPLICATION_CLASSES + " bean classes")), server.output()::toString);
        }
        try (EmbeddedProcess plain = EmbeddedProcess.start(build.resolve("wshub-embedded.jar"),
                build.resolve("embedded-server-it.log"), Map.of())) {
            WsClient echo = WsClient.connect(URI.create("ws://127.0.0.1:" + plain.port() + "/ws/echo?user=ada"));
            echo.send("ping");
            assertEquals("ping", echo.nextText(), "nobody greets without the application's jar");
        }
    }

    /**
     * CDI builds every endpoint instance, but never disposed of one: the {@code @PreDestroy} of an endpoint's
     * {@code @Dependent} beans never ran, and each connection left them behind. Now an instance opened through wshub is
     * disposed of when its connection ends.
     */
    @Test
    void anEndpointInstanceIsDisposedOfWhenItsConnectionEnds() throws Exception {
        try (EmbeddedProcess server = startWithApplication()) {
            URI visits = URI.create("ws://127.0.0.1:" + server.port() + "/ws/app/visits");
            WsClient first = WsClient.connect(visits);
            assertEquals(0, endedVisits(first));
            first.close();

            WsClient second = WsClient.connect(visits);
            int ended = endedVisits(second);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (ended == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                second.send("how many?");
                ended = endedVisits(second);
            }
            assertEquals(1, ended, "the first connection's endpoint and its @Dependent bean were destroyed, once");
        }
    }

    /** The next count of ended visits the connection receives, passing over the application's greetings. */
    private static int endedVisits(WsClient client) {
        return new JsonClient(client).next("visits").getInt("ended");
    }

    @Test
    void aLibThatIsNotADirectoryStopsTheServerWithItsName() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", build.resolve("wshub-embedded.jar").toString(), "--port", "0", "--lib", "/no/such/dir")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, process.exitValue());
        assertTrue(output.contains("/no/such/dir is not a directory"), output);
    }

    /** The embedded server with the test's application jar in its {@code --lib} directory. */
    private EmbeddedProcess startWithApplication() throws Exception {
        Path lib = Files.createTempDirectory(build, "lib");
        writeApplicationJar(lib.resolve("application.jar"));
        return EmbeddedProcess.start(build.resolve("wshub-embedded.jar"), build.resolve("embedded-server-it.log"),
                Map.of(), List.of("--lib", lib.toString()));
    }

    /** The test's {@code io.wshub.itapp} classes and a beans.xml, as an application would package them. */
    private static void writeApplicationJar(Path jar) throws Exception {
        Path classes = Path.of(io.wshub.itapp.Greeter.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.list(classes.resolve("io/wshub/itapp"))) {
            out.putNextEntry(new java.util.jar.JarEntry("META-INF/beans.xml"));
            out.write("<beans bean-discovery-mode=\"all\"/>".getBytes(StandardCharsets.UTF_8));
            for (Path file : files.sorted().toList()) {
                out.putNextEntry(new java.util.jar.JarEntry("io/wshub/itapp/" + file.getFileName()));
                out.write(Files.readAllBytes(file));
            }
        }
    }

    @Test
    void takesItsSettingsFromTheEnvironment() throws Exception {
        try (EmbeddedProcess server = EmbeddedProcess.start(build.resolve("wshub-embedded.jar"),
                build.resolve("embedded-server-it.log"), Map.of("WSHUB_MAX_MESSAGE_SIZE", "10"))) {
            WsClient echo = WsClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ws/echo"));
            echo.send("0123456789");
            assertEquals("0123456789", echo.nextText());
            echo.send("0123456789!");
            assertEquals(1009, echo.awaitClose().code());
        }
    }

    @Test
    void runsEveryConnectionOnTheConfiguredEventLoopThreads() throws Exception {
        try (EmbeddedProcess server = EmbeddedProcess.start(build.resolve("wshub-embedded.jar"),
                build.resolve("embedded-server-it.log"), Map.of("WSHUB_IO_THREADS", "1"))) {
            List<WsClient> clients = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                clients.add(WsClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ws/echo")));
            }
            for (int i = 0; i < clients.size(); i++) {
                clients.get(i).send("hello " + i);
            }
            for (int i = 0; i < clients.size(); i++) {
                assertEquals("hello " + i, clients.get(i).nextText());
                clients.get(i).close();
            }

            // Linux shows the first 15 characters of a Java thread's name; Grizzly names its selector threads
            // "grizzly-nio-kernel(N) SelectorRunner", and without the setting there are processors + 1 of them
            assertEquals(1, threadsNamed(server.pid(), "grizzly-nio-ker"));
            assertTrue(server.output().stream().anyMatch(line -> line.contains("I/O threads: 1;")),
                    server.output()::toString);
        }
    }

    private static long threadsNamed(long pid, String name) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.map(task -> {
                try {
                    return Files.readString(task.resolve("comm")).strip();
                } catch (IOException e) {
                    // the thread ended while we looked
                    return "";
                }
            }).filter(name::equals).count();
        }
    }

    @Test
    void withoutAPublishTokenLoopbackCallersMayPublish() throws Exception {
        try (EmbeddedProcess server = EmbeddedProcess.start(build.resolve("wshub-embedded.jar"),
                build.resolve("embedded-server-it.log"), Map.of())) {
            HttpResponse<String> published = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/feed/news"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"headline\":\"hi\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(202, published.statusCode());
            assertEquals("{\"seq\":1}", published.body());
        }
    }

    @Test
    void withoutAPublishTokenACallerOffLoopbackIsRefused() throws Exception {
        try (TestHosts hosts = TestHosts.create();
             EmbeddedProcess server = EmbeddedProcess.start(hosts.onServer(), build.resolve("wshub-embedded.jar"),
                     build.resolve("embedded-server-it.log"), List.of("-Xmx256m"), Map.of(), "0.0.0.0")) {
            String fromElsewhere = hosts.onClient("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST",
                    "-H", "Content-Type: application/json", "-d", "{}",
                    "http://" + TestHosts.SERVER_ADDRESS + ":" + server.port() + "/api/feed/news");
            String fromLoopback = hosts.onServerHost("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X",
                    "POST", "-H", "Content-Type: application/json", "-d", "{}",
                    "http://127.0.0.1:" + server.port() + "/api/feed/news");

            assertEquals("403", fromElsewhere);
            assertEquals("202", fromLoopback);
        }
    }

    @Test
    void pingsKeepAnAnsweringPeerAndDropOneThatStaysSilent() throws Exception {
        try (EmbeddedProcess server = EmbeddedProcess.start(build.resolve("wshub-embedded.jar"),
                build.resolve("embedded-server-it.log"), Map.of("WSHUB_PING_INTERVAL_SECONDS", "1"));
             WsClient answering = WsClient.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ws/echo"));
             RawWebSocket silent = RawWebSocket.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ws/echo"))) {
            // the JDK client answers pings by itself; the raw one never does
            assertEquals(1001, silent.readUntilClose(Duration.ofSeconds(10)));

            answering.send("still here");
            assertEquals("still here", answering.nextText());
        }
    }

    /**
     * A restarted server's rooms have new epochs: a client resuming with the epoch and seq it saw before is told
     * {@code recovered: false} and gets the new log from its start, instead of a silent "nothing missed".
     */
    @Test
    void aResumeAcrossARestartSaysNotRecoveredAndStartsTheRoomOver() throws Exception {
        Path jar = build.resolve("wshub-embedded.jar");
        Path log = build.resolve("embedded-server-it.log");
        String epoch;
        int port;
        try (EmbeddedProcess first = EmbeddedProcess.start(jar, log, Map.of())) {
            port = first.port();
            try (JsonClient alice = chat(port, "alice")) {
                epoch = alice.next("presence").getString("epoch");
                for (int i = 1; i <= 3; i++) {
                    alice.send("say", "text", "before " + i);
                    assertEquals(i, alice.next("message").getInt("seq"));
                }
                alice.send("resume", "room", "lobby", "after", 3, "epoch", epoch);
                assertTrue(alice.next("resumed").getBoolean("recovered"));
            }
            first.terminate(Duration.ofSeconds(20));
        }
        try (EmbeddedProcess second = EmbeddedProcess.startOnPort(jar, log, port);
             JsonClient bob = chat(second.port(), "bob")) {
            bob.next("presence");
            bob.send("say", "text", "after the restart");
            bob.next("message");
            try (JsonClient alice = chat(port, "alice")) {
                String newEpoch = alice.next("presence").getString("epoch");
                assertNotEquals(epoch, newEpoch);
                alice.send("resume", "room", "lobby", "after", 3, "epoch", epoch);
                JsonObject resumed = alice.next("resumed");
                assertFalse(resumed.getBoolean("recovered"));
                assertEquals(0, resumed.getInt("after"));
                assertEquals(newEpoch, resumed.getString("epoch"));
                JsonObject replayed = alice.next("message");
                assertEquals(1, replayed.getInt("seq"));
                assertEquals("after the restart", replayed.getString("text"));

                // a client that knows no epochs: a seq beyond the log's last is a log that is gone
                alice.send("resume", "room", "lobby", "after", 3);
                resumed = alice.next("resumed");
                assertFalse(resumed.getBoolean("recovered"));
                assertEquals(0, resumed.getInt("after"));
            }
        }
    }

    @Test
    void saysAtStartThatOpenIdentitiesAreNotVerified() throws Exception {
        try (EmbeddedProcess open = EmbeddedProcess.start(build.resolve("wshub-embedded.jar"),
                build.resolve("embedded-server-it.log"), Map.of());
             EmbeddedProcess token = EmbeddedProcess.start(build.resolve("wshub-embedded.jar"),
                     build.resolve("embedded-server-it.log"), Map.of("WSHUB_AUTH", "token",
                             "WSHUB_TOKEN_SECRET", "it-secret-of-at-least-thirty-two-bytes"))) {
            assertTrue(open.output().stream().anyMatch(line -> line.contains(
                    "identities are not verified: set WSHUB_AUTH=token")), open.output()::toString);
            assertFalse(token.output().stream().anyMatch(line -> line.contains("identities are not verified")),
                    token.output()::toString);
            assertFalse(token.output().stream().anyMatch(line -> line.contains("it-secret")),
                    token.output()::toString);
        }
    }

    /** Even with wshub's own debug logging on, a refused handshake's token never reaches a log line. */
    @Test
    void noTokenOfARefusedHandshakeReachesTheLog() throws Exception {
        Path logging = build.resolve("fine-logging.properties");
        Files.writeString(logging, "handlers=java.util.logging.ConsoleHandler\n"
                + "java.util.logging.ConsoleHandler.level=FINE\nio.wshub.level=FINE\n");
        String secret = "it-secret-of-at-least-thirty-two-bytes";
        String token = new TokenSigner(secret, Optional.empty(), Optional.empty()).sign("alice",
                TokenSigner.Grant.NONE, Instant.now(), Duration.ofMinutes(5));
        String signature = token.substring(token.lastIndexOf('.') + 1);
        try (EmbeddedProcess server = EmbeddedProcess.start(build.resolve("wshub-embedded.jar"),
                build.resolve("embedded-server-it.log"),
                List.of("-Xmx256m", "-Djava.util.logging.config.file=" + logging),
                Map.of("WSHUB_AUTH", "token", "WSHUB_TOKEN_SECRET", secret))) {
            String echo = "ws://127.0.0.1:" + server.port() + "/ws/echo";
            assertEquals(401, WsClient.handshakeStatus(URI.create(echo + "?access_token=" + token), Map.of()));
            assertEquals(401, WsClient.handshakeStatus(URI.create(echo + "?user=alice"),
                    Map.of("Authorization", "Bearer " + token.substring(0, token.length() - 2))));

            long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
            while (server.output().stream().filter(line -> line.contains("refused handshake for /ws/echo")).count() < 2
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            List<String> output = List.copyOf(server.output());
            assertEquals(2, output.stream().filter(line -> line.contains("refused handshake for /ws/echo")).count(),
                    output::toString);
            assertFalse(output.stream().anyMatch(line -> line.contains(signature) || line.contains("access_token")
                    || line.contains(secret)), output::toString);
        }
    }

    /** The demo's tokens: what the jar prints, the server it runs takes, as that user. */
    @Test
    void theJarPrintsATokenItsServerTakes() throws Exception {
        Map<String, String> environment = Map.of("WSHUB_AUTH", "token",
                "WSHUB_TOKEN_SECRET", "it-secret-of-at-least-thirty-two-bytes");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", build.resolve("wshub-embedded.jar").toString(),
                "token", "--sub", "alice", "--rooms", "lobby,team-*", "--ttl", "10m");
        builder.environment().putAll(environment);
        Process signing = builder.start();
        String token = new String(signing.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(signing.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, signing.exitValue(), token);

        try (EmbeddedProcess server = EmbeddedProcess.start(build.resolve("wshub-embedded.jar"),
                build.resolve("embedded-server-it.log"), environment)) {
            URI room = URI.create("ws://127.0.0.1:" + server.port() + "/ws/chat/lobby?user=mallory");
            assertEquals(401, WsClient.handshakeStatus(room, Map.of()));
            try (JsonClient alice = new JsonClient(WsClient.connect(room,
                    Map.of("Authorization", "Bearer " + token)))) {
                alice.next("presence");
                alice.send("say", "text", "hi", "id", "m-1");
                assertEquals("alice", alice.next("message").getString("from"));
            }
        }
    }

    private static JsonClient chat(int port, String user) {
        return new JsonClient(WsClient.connect(URI.create("ws://127.0.0.1:" + port + "/ws/chat/lobby?user=" + user)));
    }

    /** Before, only the settings read at start stopped it: a bad rate or query-user logged "ready" and broke chat. */
    @ParameterizedTest
    @CsvSource({"WSHUB_MAX_MESSAGE_SIZE,lots", "WSHUB_QUERY_USER,maybe", "WSHUB_MESSAGE_RATE,0",
            "WSHUB_HISTORY_SIZE,-1", "WSHUB_ALLOWED_ORIGINS,chat.example.com", "WSHUB_AUTH,jwt",
            "WSHUB_TOKEN_JWKS,/no/such/jwks.json"})
    void refusesToStartWithAnInvalidSetting(String variable, String value) throws Exception {
        String output = failedStart(Map.of(variable, value));

        assertTrue(output.contains("(" + variable + " / wshub."), output);
        assertTrue(output.contains("is '" + value + "'"), output);
    }

    @Test
    void refusesToStartWithContainerAuthOrWithTokenAuthWithoutAKey() throws Exception {
        String container = failedStart(Map.of("WSHUB_AUTH", "container"));
        assertTrue(container.contains("no container login"), container);

        String keyless = failedStart(Map.of("WSHUB_AUTH", "token"));
        assertTrue(keyless.contains("token-secret (WSHUB_TOKEN_SECRET) or token-jwks"), keyless);
    }

    /** The output of a start that must fail with exit code 1, never saying "ready". */
    private String failedStart(Map<String, String> environment) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", build.resolve("wshub-embedded.jar").toString(),
                "--port", "0").redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, process.exitValue(), output);
        assertFalse(output.contains("ready"), output);
        return output;
    }
}
