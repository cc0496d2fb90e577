package io.wshub.embedded;

import io.wshub.WshubCore;
import io.wshub.config.Settings;
import io.wshub.feed.HttpPublish;
import io.wshub.security.ConnectionLimits;
import io.wshub.security.Admissions;
import io.wshub.security.HandshakeChecks;
import io.wshub.security.HandshakePolicy;
import io.wshub.security.HttpTickets;
import io.wshub.session.Closes;
import io.wshub.session.SessionRegistry;
import jakarta.websocket.DeploymentException;
import org.jboss.weld.bootstrap.spi.BeanDiscoveryMode;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The one-command start: Weld SE for CDI, Tyrus on Grizzly for the endpoints, and the pages of
 * {@code src/main/webapp} (packed under {@code webapp/} in the jar) on the same port, context path {@code /}.
 * <p>
 * {@code java -jar wshub-embedded.jar [--port N] [--host ADDRESS]}; without options the port and address come from
 * the settings ({@code WSHUB_PORT}, {@code WSHUB_HOST}, ...). On SIGTERM every connection is closed with 1001 before
 * the server stops. Thread-safe: {@link #close} may be called from any thread, any number of times.
 */
public final class EmbeddedServer implements AutoCloseable {

    static {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n");
        }
    }

    private static final Logger LOG = Logger.getLogger(EmbeddedServer.class.getName());

    private static final String USAGE = "usage: java -jar wshub-embedded.jar [--port N] [--host ADDRESS] [--lib DIR]\n"
            + "       java -jar wshub-embedded.jar " + TokenCommand.USAGE;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private final WeldContainer cdi;
    private final EmbeddedContainer container;
    private final SessionRegistry registry;
    private final ConnectionLimits limits;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedServer(WeldContainer cdi, EmbeddedContainer container) {
        this.cdi = cdi;
        this.container = container;
        this.registry = cdi.select(SessionRegistry.class).get();
        this.limits = cdi.select(ConnectionLimits.class).get();
    }

    /** Starts a server; {@code port} 0 picks a free port (see {@link #port()}). */
    public static EmbeddedServer start(String host, int port) throws IOException, DeploymentException {
        return start(host, port, ApplicationLibrary.none());
    }

    /**
     * Starts a server with the application's own beans and endpoints: the jars of {@code lib} (see
     * {@link ApplicationLibrary}).
     */
    public static EmbeddedServer start(String host, int port, Path lib) throws IOException, DeploymentException {
        return start(host, port, ApplicationLibrary.load(lib));
    }

    private static EmbeddedServer start(String host, int port, ApplicationLibrary application)
            throws IOException, DeploymentException {
        EndpointDiscovery discovery = new EndpointDiscovery();
        // the threads the server starts inherit it, so that application code finds its own resources
        Thread.currentThread().setContextClassLoader(application.loader());
        WeldContainer cdi = new Weld()
                .disableDiscovery()
                .setClassLoader(application.loader())
                // "all", so that CDI also shows the extension the endpoint classes, which have no bean annotation
                .setBeanDiscoveryMode(BeanDiscoveryMode.ALL)
                .addPackages(true, WshubCore.class)
                .addBeanClasses(application.beanClasses().toArray(Class<?>[]::new))
                .addExtension(discovery)
                .skipShutdownHook()
                .initialize();
        if (application.describe() != null) {
            LOG.info(() -> "application code: " + application.describe());
        }
        try {
            Settings settings = cdi.select(Settings.class).get();
            settings.validate();
            if (settings.auth() == Settings.AuthMode.CONTAINER) {
                throw new IllegalStateException("wshub setting auth is 'container', but the embedded server has no "
                        + "container login: set auth=token, or deploy wshub.war to a container that logs users in");
            }
            if (settings.auth() == Settings.AuthMode.OPEN) {
                LOG.warning("identities are not verified: set WSHUB_AUTH=token (auth=open believes ?user= names)");
            }
            EmbeddedContainer container = new EmbeddedContainer(discovery.endpoints(),
                    cdi.select(HandshakePolicy.class).get(), cdi.select(HandshakeChecks.class).get(),
                    cdi.select(Admissions.class).get(), cdi.select(ConnectionLimits.class).get(), settings);
            container.start(host, port, settings.ioThreads(), new PagesHandler(EmbeddedServer.class.getClassLoader()),
                    new ApiHandler(cdi.select(HttpPublish.class).get(), cdi.select(HttpTickets.class).get()));
            return new EmbeddedServer(cdi, container);
        } catch (IOException | DeploymentException | RuntimeException e) {
            cdi.shutdown();
            throw e;
        }
    }

    public int port() {
        return container.getPort();
    }

    /** How many event-loop threads read, run the endpoints and write. */
    public int ioThreads() {
        return container.ioThreads();
    }

    /** Closes every connection with 1001, waits a little for the peers to answer, then stops. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        registry.closeAll(Closes.GOING_AWAY);
        try {
            if (!registry.awaitEmpty(DRAIN_TIMEOUT)) {
                LOG.warning(() -> registry.connectionCount() + " connections did not close within " + DRAIN_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        container.stop();
        cdi.shutdown();
        // not through java.util.logging: on SIGTERM its own shutdown hook may already have closed the handlers
        System.err.println("wshub stopped");
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals(TokenCommand.NAME)) {
            System.exit(new TokenCommand(new Settings(), System.out, System.err)
                    .run(Arrays.copyOfRange(args, 1, args.length)));
        }
        Integer port = null;
        String host = null;
        Path lib = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = parsePort(value(args, ++i));
                    case "--host" -> host = value(args, ++i);
                    case "--lib" -> lib = Path.of(value(args, ++i));
                    case "-h", "--help" -> {
                        System.out.println(USAGE);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option: " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("wshub: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
        EmbeddedServer server;
        String boundHost;
        try {
            Settings settings = new Settings();
            boundHost = host != null ? host : settings.host();
            int chosen = port != null ? port : settings.port();
            server = lib != null ? start(boundHost, chosen, lib) : start(boundHost, chosen);
        } catch (IOException | DeploymentException | IllegalStateException e) {
            System.err.println("wshub: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "wshub-shutdown"));
        String shown = boundHost.equals("0.0.0.0") || boundHost.equals("::") ? "localhost" : boundHost;
        String base = shown + ":" + server.port() + "/";
        LOG.info(() -> "wshub ready at http://" + base + " (WebSocket endpoints under ws://" + base + "ws/; "
                + "I/O threads: " + server.ioThreads() + "; at most " + server.limits.maxTotal() + " connections, "
                + server.limits.maxPerAddress() + " per client address)");
        stopped.await();
    }

    private static String value(String[] args, int index) {
        if (index >= args.length) {
            throw new IllegalArgumentException(args[index - 1] + " needs a value");
        }
        return args[index];
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--port takes a number from 0 to 65535, not " + value);
    }
}
