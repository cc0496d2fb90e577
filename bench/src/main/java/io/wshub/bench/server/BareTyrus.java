package io.wshub.bench.server;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.strategies.SameThreadIOStrategy;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tyrus on Grizzly, configured as wshub's embedded server runs it (endpoints on the selector threads, no idle
 * timeout), with the most trivial endpoints that behave like wshub's echo and room broadcast: no CDI, no JSON binding,
 * no outbox, no limits. What wshub costs beyond this is the cost of its own layers. (Tyrus's own standalone
 * {@code Server} hands every read to a worker thread, which costs three times the CPU per echo round trip here.)
 */
public final class BareTyrus {

    private BareTyrus() {
    }

    /** Arguments: the port, and optionally the event-loop threads (0, the default, leaves the count to Grizzly). */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int ioThreads = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        Container container = new Container();
        HttpServer http = new HttpServer();
        NetworkListener listener = new NetworkListener("bare-tyrus", "127.0.0.1", port);
        if (ioThreads > 0) {
            listener.getTransport().setSelectorRunnersCount(ioThreads);
        }
        listener.getTransport().setIOStrategy(SameThreadIOStrategy.getInstance());
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        listener.registerAddOn(new WebSocketAddOn(container, "/"));
        http.addListener(listener);
        http.start();
        container.start("/", port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            container.stop();
            http.shutdownNow();
        }));
        new CountDownLatch(1).await();
    }

    /** The two endpoints on a Tyrus engine; a negative idle timeout, as wshub sets it, so Tyrus schedules nothing. */
    private static final class Container extends TyrusServerContainer {

        private final WebSocketEngine engine = TyrusWebSocketEngine.builder(this).build();
        private int port;

        Container() {
            super(Set.of(Echo.class, Room.class));
            setDefaultMaxSessionIdleTimeout(-1);
        }

        @Override
        public void register(Class<?> endpointClass) throws DeploymentException {
            engine.register(endpointClass, "/");
        }

        @Override
        public void register(ServerEndpointConfig serverEndpointConfig) throws DeploymentException {
            engine.register(serverEndpointConfig, "/");
        }

        @Override
        public WebSocketEngine getWebSocketEngine() {
            return engine;
        }

        @Override
        public void start(String rootPath, int port) throws IOException, DeploymentException {
            this.port = port;
            super.start(rootPath, port);
        }

        @Override
        public int getPort() {
            return port;
        }

        @Override
        public Map<String, Object> getProperties() {
            return Map.of();
        }
    }

    @ServerEndpoint("/ws/echo")
    public static final class Echo {
        @OnMessage
        public String echo(String text) {
            return text;
        }
    }

    /**
     * Echoes a {@code say}'s text to every member of the room, as wshub's {@code message}. The rooms are static because
     * Tyrus makes an endpoint instance per connection; this process serves one benchmark run and ends.
     */
    @ServerEndpoint("/ws/chat/{room}")
    public static final class Room {

        private static final Map<String, Set<Session>> ROOMS = new ConcurrentHashMap<>();
        private static final Map<String, AtomicLong> SEQUENCES = new ConcurrentHashMap<>();

        @OnOpen
        public void open(Session session, @PathParam("room") String room) {
            ROOMS.computeIfAbsent(room, name -> ConcurrentHashMap.newKeySet()).add(session);
        }

        @OnMessage
        public void say(Session session, String command, @PathParam("room") String room) {
            int start = command.indexOf("\"text\":\"") + 8;
            String text = command.substring(start, command.indexOf('"', start));
            long seq = SEQUENCES.computeIfAbsent(room, name -> new AtomicLong()).incrementAndGet();
            String from = session.getRequestParameterMap().getOrDefault("user", List.of("anonymous")).get(0);
            String message = "{\"type\":\"message\",\"room\":\"" + room + "\",\"seq\":" + seq + ",\"from\":\""
                    + from + "\",\"text\":\"" + text + "\",\"ts\":\"" + Instant.now() + "\"}";
            for (Session member : ROOMS.getOrDefault(room, Set.of())) {
                member.getAsyncRemote().sendText(message);
            }
        }

        @OnClose
        public void close(Session session, @PathParam("room") String room) {
            ROOMS.getOrDefault(room, Set.of()).remove(session);
        }
    }
}
