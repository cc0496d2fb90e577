package io.wshub.embedded;

import io.wshub.config.Settings;
import io.wshub.security.Admissions;
import io.wshub.security.ConnectionLimits;
import io.wshub.security.HandshakeChecks;
import io.wshub.security.HandshakePolicy;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.strategies.SameThreadIOStrategy;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Tyrus on a Grizzly HTTP server of our own: the endpoints and the pages on one port, bound to the configured
 * address, with the {@link ConnectionGate} at the door (connection caps, request and idle timeouts), the
 * {@link HandshakePolicy}'s host rule on every request and the {@link HandshakeChecks} in front of the engine. It
 * mirrors Tyrus's own {@code GrizzlyServerContainer}, which binds every interface and accepts no handler but a static
 * directory.
 * Thread-safe after {@link #start}; start and stop are called once, by one thread.
 */
final class EmbeddedContainer extends TyrusServerContainer {

    private static final String CONTEXT_PATH = "/";
    private static final int GUARD_SLACK = 64 * 1024;

    private final WebSocketEngine engine;
    private final HandshakePolicy policy;
    private final HandshakeChecks checks;
    private final ConnectionGate gate;
    private final HttpServer http = new HttpServer();
    private NetworkListener listener;

    EmbeddedContainer(Set<Class<?>> endpoints, HandshakePolicy policy, HandshakeChecks checks, Admissions admissions,
                      ConnectionLimits limits, Settings settings) {
        super(endpoints);
        this.policy = policy;
        this.checks = checks;
        this.gate = new ConnectionGate(limits, settings.requestTimeout(), settings.httpIdleTimeout());
        int maxMessageSize = settings.maxMessageSize();
        // the application refuses messages over the limit with 1009 (MessageSize); the guard only keeps frames far
        // beyond it from being buffered at all
        int largestFrame = maxMessageSize + GUARD_SLACK;
        // room for one whole frame of that size, its header, and the start of the next read
        int incomingBufferSize = largestFrame + 14 + 64 * 1024;
        this.engine = new GuardedEngine(
                TyrusWebSocketEngine.builder(this).incomingBufferSize(incomingBufferSize).build(), checks, admissions,
                limits, largestFrame);
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
        engine.register(endpointClass, CONTEXT_PATH);
    }

    @Override
    public void register(ServerEndpointConfig serverEndpointConfig) throws DeploymentException {
        engine.register(serverEndpointConfig, CONTEXT_PATH);
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
        return engine;
    }

    /**
     * Binds, serves the HTTP API and {@code pages} for the other HTTP requests, and deploys the endpoints.
     *
     * @param ioThreads the event-loop (selector) threads; 0 leaves the count to Grizzly
     */
    void start(String host, int port, int ioThreads, HttpHandler pages, HttpHandler api)
            throws IOException, DeploymentException {
        listener = new NetworkListener("wshub", host, port);
        if (ioThreads > 0) {
            // Grizzly sizes its kernel pool, on which the selectors run, to this count when the transport starts
            listener.getTransport().setSelectorRunnersCount(ioThreads);
        }
        // endpoints run on the selector thread that read their message, as in Node's event loop: wshub's handlers never
        // block (every send goes through an outbox, every close through the registry), and handing each read to a
        // worker thread cost a thread wake-up per message (echo: 27 µs of server CPU per round trip instead of
        // 9.4). Grizzly still runs the HTTP handlers (pages, API) on its worker pool.
        listener.getTransport().setIOStrategy(SameThreadIOStrategy.getInstance());
        // Grizzly's idle timeout would also cut upgraded connections, which live as long as their peers want (the
        // WebSocket layer decides when one is idle); the gate times out only HTTP requests and kept-alive connections
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        listener.registerAddOn(gate);
        // before Tyrus's, so that its filter comes first
        listener.registerAddOn(new RequestCheck(policy, gate));
        listener.registerAddOn(new WebSocketAddOn(this, CONTEXT_PATH));
        http.addListener(listener);
        // every path under /api/: the API handler answers 404 for those it does not serve
        http.getServerConfiguration().addHttpHandler(api, "/api/*");
        http.getServerConfiguration().addHttpHandler(new EndpointProbeHandler(checks),
                EndpointProbeHandler.PREFIX + "*");
        http.getServerConfiguration().addHttpHandler(pages, "/");
        // Grizzly's own pages name its version and print stack traces
        http.getServerConfiguration().setDefaultErrorPageGenerator(new PlainErrorPages());
        http.start();
        gate.start();
        super.start(CONTEXT_PATH, listener.getPort());
    }

    /** The event-loop threads the server runs on; known once started. */
    int ioThreads() {
        return listener.getTransport().getSelectorRunnersCount();
    }

    @Override
    public Map<String, Object> getProperties() {
        return Map.of();
    }

    @Override
    public int getPort() {
        return listener == null ? -1 : listener.getPort();
    }

    @Override
    public void stop() {
        super.stop();
        http.shutdownNow();
        gate.stop();
    }
}
