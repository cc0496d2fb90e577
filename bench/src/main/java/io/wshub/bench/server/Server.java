package io.wshub.bench.server;

import io.wshub.bench.client.Clients;
import io.wshub.bench.measure.Proc;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The servers the benchmark compares, each started as its own process on a loopback port and stopped after its
 * scenarios: wshub (the embedded jar with Grizzly's count of event loops and with one, the Tomcat WAR on Tomcat, the
 * thin WAR on WildFly as it comes and with WebSocket messages handled on Undertow's I/O threads), bare Tyrus with
 * trivial endpoints (also on one event loop), and the peers on Node {@code ws} and Python {@code websockets}.
 */
public enum Server {

    WSHUB_EMBEDDED("wshub-embedded", "ws/", true, true),
    WSHUB_EMBEDDED_BASELINE("wshub-embedded-baseline", "ws/", true, true),
    WSHUB_EMBEDDED_IO1("wshub-embedded-io1", "ws/", true, true),
    WSHUB_TOMCAT("wshub-tomcat", "wshub/ws/", true, true),
    WSHUB_WILDFLY("wshub-wildfly", "wshub/ws/", true, true),
    WSHUB_WILDFLY_IO("wshub-wildfly-io", "wshub/ws/", true, true),
    TYRUS_BARE("tyrus-bare", "ws/", true, false),
    TYRUS_BARE_IO1("tyrus-bare-io1", "ws/", true, false),
    NODE_WS("node-ws", "ws/", false, false),
    PYTHON_WEBSOCKETS("python-websockets", "ws/", false, false);

    /**
     * Every JVM under test gets the same heap, so memory figures compare, touched in full at start as on a production
     * server: otherwise the first pass of the allocator over the heap page-faults on the message path, and the more
     * a server allocates the more it pays, well past the warm-up (a quarter of wshub's fan-out CPU in a 30-s
     * profile).
     */
    static final List<String> JVM_OPTIONS = List.of("-Xms2g", "-Xmx2g", "-XX:+UseG1GC", "-XX:+AlwaysPreTouch");
    private static final Duration START = Duration.ofSeconds(180);
    private static final int WILDFLY_OFFSET = 3000;

    private final String label;
    private final String wsPrefix;
    private final boolean jvm;
    private final boolean wshub;

    Server(String label, String wsPrefix, boolean jvm, boolean wshub) {
        this.label = label;
        this.wsPrefix = wsPrefix;
        this.jvm = jvm;
        this.wshub = wshub;
    }

    public String label() {
        return label;
    }

    public static Server byLabel(String label) {
        for (Server server : values()) {
            if (server.label.equals(label)) {
                return server;
            }
        }
        throw new IllegalArgumentException("unknown server " + label);
    }

    /**
     * Starts the server and waits until its echo endpoint answers a handshake.
     *
     * @param root      the wshub project directory (where {@code target/} and {@code bench/} are)
     * @param jfr       whether a JVM server records a JFR profile, written to {@code bench/target/jfr/} when it stops
     * @param jvmOption one more option for a JVM server ({@code {server}} in it replaced by its name), or null
     */
    public Running start(Path root, Clients clients, boolean jfr, String jvmOption)
            throws IOException, InterruptedException {
        Path work = fresh(root.resolve("bench/target/run/" + label));
        int port = this == WSHUB_WILDFLY || this == WSHUB_WILDFLY_IO ? 8080 + WILDFLY_OFFSET : 18_500 + ordinal();
        List<String> command = new ArrayList<>();
        Map<String, String> environment = new HashMap<>();
        if (wshub) {
            // the load, not the abuse limits, is under test
            environment.put("WSHUB_ALLOWED_ORIGINS", "*");
            environment.put("WSHUB_MESSAGE_RATE", "1000000");
            environment.put("WSHUB_MESSAGE_BURST", "1000000");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path bench = root.resolve("bench/target");
        List<String> jvmOptions = new ArrayList<>(JVM_OPTIONS);
        if (jfr) {
            Path recordings = Files.createDirectories(bench.resolve("jfr"));
            jvmOptions.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + recordings.resolve(label + "-" + System.currentTimeMillis() + ".jfr"));
        }
        if (jvmOption != null) {
            jvmOptions.add(jvmOption.replace("{server}", label));
        }
        switch (this) {
            case WSHUB_EMBEDDED, WSHUB_EMBEDDED_IO1, WSHUB_EMBEDDED_BASELINE -> {
                if (this == WSHUB_EMBEDDED_IO1) {
                    // one event loop, as Node's
                    environment.put("WSHUB_IO_THREADS", "1");
                }
                Path jar = this == WSHUB_EMBEDDED_BASELINE ? bench.resolve("baseline/wshub-embedded.jar")
                        : root.resolve("target/wshub-embedded.jar");
                if (!Files.exists(jar)) {
                    throw new IllegalStateException(jar + " is missing: bench/run --baseline REV builds it");
                }
                command.add(java);
                command.addAll(jvmOptions);
                command.addAll(List.of("-jar", jar.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port)));
            }
            case WSHUB_TOMCAT -> command.addAll(tomcat(java, jvmOptions, bench, work,
                    root.resolve("target/wshub-tomcat.war"), port));
            case WSHUB_WILDFLY, WSHUB_WILDFLY_IO -> {
                Path home = only(bench.resolve("servers"), "wildfly-");
                copyTree(home.resolve("standalone/configuration"), work.resolve("configuration"));
                if (this == WSHUB_WILDFLY_IO) {
                    // what deploy/wildfly/io-threads.cli sets
                    Path config = work.resolve("configuration/standalone.xml");
                    String xml = Files.readString(config);
                    if (!xml.contains("<websockets/>")) {
                        throw new IllegalStateException("no <websockets/> in " + config);
                    }
                    Files.writeString(config,
                            xml.replace("<websockets/>", "<websockets dispatch-to-worker=\"false\"/>"));
                }
                Files.createDirectories(work.resolve("deployments"));
                Files.copy(root.resolve("target/wshub.war"), work.resolve("deployments/wshub.war"));
                environment.put("JAVA_OPTS", String.join(" ", jvmOptions) + " -Djava.net.preferIPv4Stack=true");
                command.addAll(List.of("bash", home.resolve("bin/standalone.sh").toString(),
                        "-Djboss.server.base.dir=" + work, "-Djboss.socket.binding.port-offset=" + WILDFLY_OFFSET,
                        "-Djboss.bind.address=127.0.0.1", "-Djboss.bind.address.management=127.0.0.1"));
            }
            case TYRUS_BARE, TYRUS_BARE_IO1 -> {
                command.add(java);
                command.addAll(jvmOptions);
                command.addAll(List.of("-cp", bench.resolve("wshub-bench.jar").toString(),
                        BareTyrus.class.getName(), Integer.toString(port), this == TYRUS_BARE_IO1 ? "1" : "0"));
            }
            case NODE_WS -> command.addAll(List.of("node", root.resolve("bench/peers/node/server.js").toString(),
                    Integer.toString(port)));
            case PYTHON_WEBSOCKETS -> command.addAll(List.of("/usr/bin/python3",
                    root.resolve("bench/peers/python/server.py").toString(), Integer.toString(port)));
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("server.log").toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        URI base = URI.create("ws://127.0.0.1:" + port + "/" + wsPrefix);
        Running running = new Running(this, process, base, work);
        try {
            running.awaitReady(clients);
        } catch (IOException | RuntimeException | InterruptedException e) {
            running.close();
            throw e;
        }
        return running;
    }

    private static List<String> tomcat(String java, List<String> jvmOptions, Path bench, Path base, Path war, int port)
            throws IOException {
        Path home = only(bench.resolve("servers"), "apache-tomcat-");
        copyTree(home.resolve("conf"), base.resolve("conf"));
        for (String directory : List.of("logs", "temp", "webapps", "work")) {
            Files.createDirectories(base.resolve(directory));
        }
        // one connector on loopback, enough connections for the idle scenario and a listen backlog as deep as the
        // kernel allows (Tomcat's default of 100 overflows when thousands connect at once: SYNs dropped, retried after
        // 1 s, 3 s, 7 s…); no shutdown port
        Files.writeString(base.resolve("conf/server.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <Server port="-1" shutdown="SHUTDOWN">
                  <Service name="Catalina">
                    <Connector port="%d" address="127.0.0.1" protocol="HTTP/1.1" maxConnections="30000"
                               acceptCount="4096"/>
                    <Engine name="Catalina" defaultHost="localhost">
                      <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="false"/>
                    </Engine>
                  </Service>
                </Server>
                """.formatted(port));
        Files.copy(war, base.resolve("webapps/wshub.war"));
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dcatalina.home=" + home, "-Dcatalina.base=" + base,
                "-Djava.io.tmpdir=" + base.resolve("temp"),
                "-Djava.util.logging.config.file=" + base.resolve("conf/logging.properties"),
                "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
                "-cp", home.resolve("bin/bootstrap.jar") + ":" + home.resolve("bin/tomcat-juli.jar"),
                "org.apache.catalina.startup.Bootstrap", "start"));
        return command;
    }

    private static Path only(Path directory, String prefix) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(path -> path.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + prefix + "* in " + directory
                            + ": run bench/run, which unpacks the servers"));
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

    /** A started server; closing it stops its whole process tree. */
    public static final class Running implements AutoCloseable {

        private final Server server;
        private final Process process;
        private final URI base;
        private final Path work;

        Running(Server server, Process process, URI base, Path work) {
            this.server = server;
            this.process = process;
            this.base = base;
            this.work = work;
        }

        /** The server as the scenarios see it; its process is the JVM or interpreter itself, not a launcher. */
        public Target target() {
            ProcessHandle handle = process.toHandle().descendants()
                    .filter(child -> child.info().command().map(c -> c.endsWith("/java")).orElse(false))
                    .findFirst().orElse(process.toHandle());
            return new Target(server.label, base, new Proc(handle.pid()), server.jvm, server.wshub);
        }

        void awaitReady(Clients clients) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + START.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException(server.label + " exited with " + process.exitValue() + "; see "
                            + work.resolve("server.log"));
                }
                if (listening() && handshakes(clients)) {
                    return;
                }
                Thread.sleep(250);
            }
            throw new IOException(server.label + " did not answer within " + START + "; see "
                    + work.resolve("server.log"));
        }

        private boolean listening() {
            try (Socket ignored = new Socket(base.getHost(), base.getPort())) {
                return true;
            } catch (IOException notYet) {
                return false;
            }
        }

        private boolean handshakes(Clients clients) {
            try {
                clients.connect(base.resolve("echo?user=ready"), (ws, text) -> { })
                        .get(10, TimeUnit.SECONDS).close();
                return true;
            } catch (Exception notYet) {
                return false;
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.toHandle().descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
        }
    }
}
