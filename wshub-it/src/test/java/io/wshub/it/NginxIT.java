package io.wshub.it;

import io.wshub.it.embedded.EmbeddedProcess;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Debian's nginx with {@code deploy/nginx/wshub.conf} in front of the embedded server (its own process, pinging
 * every second). Only the listen port, the upstream address, the read timeout (3 s) and the access log's path of the
 * file are replaced.
 * Where nginx is missing the tests are skipped with a loud message, except under CI, which installs it.
 */
@EnabledIfSystemProperty(named = "wshub.it.runtime", matches = "embedded")
class NginxIT {

    private static final String NGINX = "/usr/sbin/nginx";
    private static final int READ_TIMEOUT_SECONDS = 3;

    private static EmbeddedProcess server;
    private static Process nginx;
    private static int port;
    private static Path prefix;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(Path.of(NGINX))) {
            String message = "*** nginx is not installed (apt-get install nginx): the proxy tests cannot run ***";
            if (System.getenv("CI") != null) {
                throw new AssertionError(message);
            }
            System.err.println(message);
            Assumptions.abort(message);
        }
        Path build = Path.of(System.getProperty("wshub.build.directory", "target"));
        server = EmbeddedProcess.start(build.resolve("wshub-embedded.jar"), build.resolve("nginx-it-wshub.log"),
                Map.of("WSHUB_PING_INTERVAL_SECONDS", "1"));
        port = LocalPorts.free();
        prefix = Files.createDirectories(build.resolve("nginx-it"));
        Path temp = Files.createDirectories(prefix.resolve("temp"));
        temp.toFile().setWritable(true, false);
        String site = Files.readString(Path.of("deploy/nginx/wshub.conf"))
                .replace("listen 80;", "listen 127.0.0.1:" + port + ";")
                .replace("server 127.0.0.1:8080;", "server 127.0.0.1:" + server.port() + ";")
                .replace("proxy_read_timeout 60s;", "proxy_read_timeout " + READ_TIMEOUT_SECONDS + "s;")
                .replace("/var/log/nginx/wshub.access.log", prefix.resolve("wshub.access.log").toString());
        Files.writeString(prefix.resolve("wshub.conf"), site);
        String main = "daemon off;\nworker_processes 1;\npid " + prefix.resolve("nginx.pid") + ";\n"
                + "error_log " + prefix.resolve("error.log") + " info;\n"
                + "events { worker_connections 256; }\n"
                + "http {\n"
                + "  access_log " + prefix.resolve("access.log") + ";\n"
                + "  client_body_temp_path " + temp.resolve("body") + ";\n"
                + "  proxy_temp_path " + temp.resolve("proxy") + ";\n"
                + "  fastcgi_temp_path " + temp.resolve("fastcgi") + ";\n"
                + "  uwsgi_temp_path " + temp.resolve("uwsgi") + ";\n"
                + "  scgi_temp_path " + temp.resolve("scgi") + ";\n"
                + "  include " + prefix.resolve("wshub.conf") + ";\n"
                + "}\n";
        Path config = prefix.resolve("nginx.conf");
        Files.writeString(config, main);
        nginx = new ProcessBuilder(NGINX, "-p", prefix.toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(prefix.resolve("nginx.out").toFile()).start();
        LocalPorts.awaitListening(port, nginx, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void echoAndChatWorkThroughTheProxy() {
        try (WsClient echo = WsClient.connect(ws("ws/echo"))) {
            echo.send("through nginx");
            assertEquals("through nginx", echo.nextText());
        }
        String room = "proxied-" + UUID.randomUUID().toString().substring(0, 8);
        try (JsonClient alice = new JsonClient(WsClient.connect(ws("ws/chat/" + room + "?user=alice")));
             JsonClient bob = new JsonClient(WsClient.connect(ws("ws/chat/" + room + "?user=bob")))) {
            alice.next("presence");
            bob.next("presence");
            alice.send("say", "text", "hello via nginx");
            JsonObject received = bob.next("message");
            assertEquals("alice", received.getString("from"));
            assertEquals("hello via nginx", received.getString("text"));
        }
    }

    @Test
    void theAccessLogKeepsNoTicketOrTokenFromTheQuery() throws Exception {
        String marker = UUID.randomUUID().toString();
        try (WsClient echo = WsClient.connect(ws("ws/echo?ticket=ticket-" + marker + "&access_token=token-" + marker
                + "&user=alice"))) {
            echo.send("logged");
            assertEquals("logged", echo.nextText());
        }
        Path log = prefix.resolve("wshub.access.log");
        String written = "";
        for (int i = 0; i < 50 && !written.contains("GET /ws/echo "); i++) {
            Thread.sleep(100);
            written = Files.exists(log) ? Files.readString(log) : "";
        }
        assertTrue(written.contains("GET /ws/echo HTTP/1.1\" 101"), written);
        assertFalse(written.contains(marker), written);
    }

    @Test
    void anIdleConnectionOutlivesTheProxyReadTimeoutThanksToThePings() throws InterruptedException {
        try (WsClient idle = WsClient.connect(ws("ws/echo"))) {
            Thread.sleep(TimeUnit.SECONDS.toMillis(READ_TIMEOUT_SECONDS * 2L));

            idle.send("still connected");
            assertEquals("still connected", idle.nextText());
        }
    }

    @Test
    void aClientThatNeverAnswersPingsIsDropped() throws IOException {
        try (RawWebSocket silent = RawWebSocket.connect(ws("ws/echo"))) {
            assertEquals(1001, silent.readUntilClose(Duration.ofSeconds(10)));
        }
    }

    private static URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + port + "/" + path);
    }
}
