package io.wshub.it;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deploy guides, followed as written on a second server of the runtime under test, started for the purpose:
 * {@code deploy/tomcat/setenv.sh} on a fresh {@code CATALINA_BASE}, {@code deploy/wildfly/wshub.cli} with its
 * properties file against a fresh WildFly (then the optional {@code io-threads.cli}),
 * {@code deploy/glassfish/wshub.asadmin} on a fresh GlassFish domain, the Payara Micro command with
 * {@code deploy/payara/pre-boot.asadmin}, and {@code systemd-analyze verify} on the systemd unit. Each server then
 * must serve wshub at {@code /wshub} with the guide's settings: its allowed origin, no other, its identities (the
 * container's login of a user the guide adds, or a token signed with the guide's secret; nobody without) and its
 * publishers (the publish token, or a token whose publish claim names the topic).
 */
class DeployGuideIT {

    private static final String ORIGIN = "https://chat.example.com";
    private static final String TOKEN = "change-me";
    /** The token secret of the GlassFish and Payara guides. */
    private static final String SECRET = "change-me-to-at-least-32-random-bytes";

    /**
     * What the guide's server takes: the headers of a handshake with a login, and the Authorization of a publisher.
     */
    private record Access(Map<String, String> login, String publisher) {

        /** The guides for Tomcat and WildFly: the container's login (a user of the guide), the publish token. */
        static Access container() {
            return new Access(Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    "alice:alice-change-me".getBytes(StandardCharsets.UTF_8))), "Bearer " + TOKEN);
        }

        /** The guides for GlassFish and Payara: tokens signed with the guide's secret. */
        static Access token() throws Exception {
            return new Access(Map.of("Authorization", "Bearer " + sign(JWTClaimsSet.Builder::new)),
                    "Bearer " + sign(() -> new JWTClaimsSet.Builder().claim("publish", List.of("guide"))));
        }

        private static String sign(Supplier<JWTClaimsSet.Builder> claims) throws Exception {
            SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.get().subject("alice")
                    .expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
            token.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
            return token.serialize();
        }
    }
    private static final Duration START = Duration.ofSeconds(90);

    private final Path build = Path.of(System.getProperty("wshub.build.directory", "target"));
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    @EnabledIfSystemProperty(named = "wshub.it.runtime", matches = "tomcat")
    void theTomcatGuide() throws Exception {
        Path home = Path.of(System.getProperty("tomcat.home"));
        Path base = fresh(build.resolve("guide-tomcat"));
        int port = LocalPorts.free();
        int shutdownPort = LocalPorts.free();
        copyTree(home.resolve("conf"), base.resolve("conf"));
        Files.writeString(base.resolve("conf/server.xml"), Files.readString(Path.of("wshub-it/src/test/tomcat/conf/server.xml"))
                .replace("18080", Integer.toString(port)).replace("18005", Integer.toString(shutdownPort)));
        for (String directory : List.of("bin", "logs", "temp", "webapps", "work")) {
            Files.createDirectories(base.resolve(directory));
        }
        // the guide's steps
        Files.copy(build.resolve("wshub-tomcat.war"), base.resolve("webapps/wshub.war"));
        Files.copy(Path.of("deploy/tomcat/setenv.sh"), base.resolve("bin/setenv.sh"));
        Files.copy(Path.of("deploy/tomcat/tomcat-users.xml"), base.resolve("conf/tomcat-users.xml"),
                StandardCopyOption.REPLACE_EXISTING);
        Map<String, String> environment = Map.of("CATALINA_HOME", home.toString(), "CATALINA_BASE", base.toString(),
                "CATALINA_PID", base.resolve("tomcat.pid").toString());
        run(environment, base.resolve("start.log"), "bash", home.resolve("bin/catalina.sh").toString(), "start");
        try {
            checkDeployment(URI.create("http://127.0.0.1:" + port + "/wshub/"), Access.container());
        } finally {
            run(environment, base.resolve("stop.log"), "bash", home.resolve("bin/catalina.sh").toString(), "stop",
                    "20", "-force");
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "wshub.it.runtime", matches = "wildfly")
    void theWildFlyGuide() throws Exception {
        Path home = Path.of(System.getProperty("wildfly.home"));
        Path base = fresh(build.resolve("guide-wildfly"));
        copyTree(home.resolve("standalone/configuration"), base.resolve("configuration"));
        // the guide's users, written to this server's configuration rather than the installation's
        for (String[] user : List.of(new String[] {"alice", "alice-change-me", "wshub-user"},
                new String[] {"bob", "bob-change-me", "wshub-user,wshub-team,wshub-admin"})) {
            run(Map.of(), base.resolve("add-user.log"), "bash", home.resolve("bin/add-user.sh").toString(), "-a",
                    "-u", user[0], "-p", user[1], "-g", user[2], "-sc", base.resolve("configuration").toString());
        }
        int offset = 2000;
        Process server = new ProcessBuilder("bash", home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base, "-Djboss.socket.binding.port-offset=" + offset,
                "-Djboss.bind.address=127.0.0.1", "-Djboss.bind.address.management=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(base.resolve("server.out").toFile()).start();
        try {
            LocalPorts.awaitListening(9990 + offset, server, START);
            // the guide's step, run from the project directory as the guide shows it
            String controller = "--controller=127.0.0.1:" + (9990 + offset);
            run(Map.of(), base.resolve("cli.log"), "bash", home.resolve("bin/jboss-cli.sh").toString(), "--connect",
                    controller, "--resolve-parameter-values", "--file=deploy/wildfly/wshub.cli",
                    "--properties=deploy/wildfly/wshub.properties");
            URI app = URI.create("http://127.0.0.1:" + (8080 + offset) + "/wshub/");
            checkDeployment(app, Access.container());
            // the guide's optional step: messages on Undertow's I/O threads
            run(Map.of(), base.resolve("io-threads.log"), "bash", home.resolve("bin/jboss-cli.sh").toString(),
                    "--connect", controller, "--file=deploy/wildfly/io-threads.cli");
            Path setting = base.resolve("dispatch.log");
            run(Map.of(), setting, "bash", home.resolve("bin/jboss-cli.sh").toString(), "--connect", controller,
                    "--command=/subsystem=undertow/servlet-container=default/setting=websockets"
                            + ":read-attribute(name=dispatch-to-worker)");
            assertTrue(read(setting).contains("\"result\" => false"), read(setting));
            checkDeployment(app, Access.container());
        } finally {
            server.toHandle().descendants().forEach(ProcessHandle::destroy);
            server.toHandle().destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "wshub.it.runtime", matches = "glassfish")
    void theGlassFishGuide() throws Exception {
        Path asadmin = Path.of(System.getProperty("glassfish.home"), "bin", "asadmin");
        Path domains = fresh(build.resolve("guide-glassfish"));
        int portBase = 21_000;
        String adminPort = Integer.toString(portBase + 48);
        run(Map.of(), domains.resolve("create.log"), asadmin.toString(), "create-domain", "--domaindir",
                domains.toString(), "--portbase", Integer.toString(portBase), "--nopassword=true", "guide");
        run(Map.of(), domains.resolve("start.log"), asadmin.toString(), "start-domain", "--domaindir",
                domains.toString(), "guide");
        try {
            // the guide's step, run from the project directory as the guide shows it
            run(Map.of(), domains.resolve("guide.log"), asadmin.toString(), "--port", adminPort, "multimode",
                    "--file", "deploy/glassfish/wshub.asadmin");
            checkDeployment(URI.create("http://127.0.0.1:" + (portBase + 80) + "/wshub/"), Access.token());
        } finally {
            run(Map.of(), domains.resolve("stop.log"), asadmin.toString(), "stop-domain", "--domaindir",
                    domains.toString(), "guide");
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "wshub.it.runtime", matches = "payara")
    void thePayaraMicroGuide() throws Exception {
        Path base = fresh(build.resolve("guide-payara"));
        int port = LocalPorts.free();
        // the guide's command, run from the project directory as the guide shows it
        ProcessBuilder guide = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + base, "-jar",
                System.getProperty("wshub.it.payara.jar"), "--deploy", build.resolve("wshub.war").toString(),
                "--contextroot", "wshub", "--port", Integer.toString(port), "--nocluster",
                "--prebootcommandfile", "deploy/payara/pre-boot.asadmin")
                .redirectErrorStream(true).redirectOutput(base.resolve("server.out").toFile());
        guide.environment().putAll(Map.of("WSHUB_ALLOWED_ORIGINS", ORIGIN, "WSHUB_AUTH", "token",
                "WSHUB_TOKEN_SECRET", SECRET));
        Process server = guide.start();
        try {
            LocalPorts.awaitListening(port, server, START);
            checkDeployment(URI.create("http://127.0.0.1:" + port + "/wshub/"), Access.token());
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "wshub.it.runtime", matches = "embedded")
    void theSystemdUnit() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        Assumptions.assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed");
        Path log = build.resolve("guide-systemd.log");
        // checks every directive and that ExecStart's program exists
        run(Map.of(), log, analyze.toString(), "verify", Path.of("deploy/systemd/wshub.service").toString());
        assertEquals("", read(log).strip());
        List<String> environment = Files.readAllLines(Path.of("deploy/systemd/wshub.env"));
        for (String setting : List.of("WSHUB_HOST=", "WSHUB_PORT=")) {
            assertEquals(1, environment.stream().filter(line -> line.startsWith(setting)).count(), setting);
        }
    }

    private void checkDeployment(URI app, Access access) throws Exception {
        awaitPage(app);
        URI echo = URI.create("ws" + app.toString().substring("http".length()) + "ws/echo");
        Map<String, String> withLogin = new HashMap<>(access.login());
        withLogin.put("Origin", ORIGIN);
        try (WsClient client = WsClient.connect(echo, withLogin)) {
            client.send("deployed by the guide");
            assertEquals("deployed by the guide", client.nextText());
        }
        assertEquals(401, WsClient.handshakeStatus(echo, Map.of("Origin", ORIGIN)), "identities are verified");
        withLogin.put("Origin", "https://elsewhere.example");
        assertEquals(403, WsClient.handshakeStatus(echo, withLogin));
        assertEquals(401, publish(app, null));
        assertEquals(202, publish(app, access.publisher()));
    }

    private int publish(URI app, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.resolve("api/feed/guide"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ok\":true}")).timeout(WsClient.WAIT);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void awaitPage(URI app) throws InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(app).timeout(WsClient.WAIT).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(app + " did not answer 200 within " + START);
    }

    private static void run(Map<String, String> environment, Path log, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(START.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish; see " + log);
        }
        assertEquals(0, process.exitValue(), () -> String.join(" ", command) + " failed:\n" + read(log));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static Path fresh(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        return Files.createDirectories(directory);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
