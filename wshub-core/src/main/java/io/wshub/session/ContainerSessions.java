package io.wshub.session;

import io.wshub.config.Settings;
import io.wshub.json.RawJson;
import io.wshub.json.RefreshRequest;
import io.wshub.security.Admissions;
import io.wshub.security.ConnectionLimits;
import io.wshub.security.EndpointInstances;
import io.wshub.security.Identity;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Turns a container's WebSocket {@link Session} into a registered {@link Connection}: the settings applied the way
 * each container takes them, the identity and lease the handshake left, and a transport that never blocks its
 * caller. Its clients speak wshub's own JSON ({@link RawJson}). What differs between containers lives here, so that
 * the registry and everything above it know none. Owns the threads that carry the sends of a container whose sends
 * block, stopped with the application. Thread-safe.
 */
@ApplicationScoped
public class ContainerSessions {

    /**
     * Tomcat gives a close frame other than 1000 only 50 ms to get past a stuck send before it drops the connection
     * without one; this session property of Tomcat's lengthens that, so that a slow reader still learns why it was
     * closed (1013) when it reads on. Other containers queue the close frame and ignore the property.
     */
    static final String TOMCAT_CLOSE_TIMEOUT = "org.apache.tomcat.websocket.ABNORMAL_SESSION_CLOSE_SEND_TIMEOUT";

    /**
     * Tomcat answers a peer's close frame with 1000 from a container thread, and while a send is in flight it spins
     * for the blocking-send timeout (20 s by default) waiting for it: a thousand clients leaving at once with
     * messages still queued to them took every one of Tomcat's 200 threads for tens of seconds, so no handshake was
     * answered meanwhile (thread dumps: {@code WsRemoteEndpointImplServer.acquireMessagePartInProgressSemaphore}).
     * This session property bounds that wait, and wshub's blocking pings, by {@code close-timeout-ms}.
     */
    static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    /**
     * Tyrus's servlet integration (GlassFish, Payara) writes in the servlet stream's blocking mode: its WriteListener
     * is registered only once {@code isReady()} has returned false, which a blocking stream never does. Its
     * asynchronous sends therefore block the calling thread while the peer does not read.
     */
    private static final String BLOCKING_SENDS_CONTAINER = "org.glassfish.tyrus.servlet.";

    /**
     * A Tyrus session whose idle timeout is 0 ("never") still reschedules an idle-timeout task on the container's
     * scheduler for every message in and out, a thread wake-up each; a negative timeout, also "never", does not.
     */
    private static final String TYRUS_SESSION = "org.glassfish.tyrus.";

    /** Where a session keeps its {@link HandledConnection}. */
    private static final String HANDLED_PROPERTY = HandledConnection.class.getName();

    private final SessionRegistry registry;
    private final Settings settings;
    private final Node node;
    private final RawJson format;
    private final EndpointInstances instances;
    private final TokenRefresh refreshes;
    private final ExecutorService senders;

    /** For CDI's client proxy only. */
    protected ContainerSessions() {
        this.registry = null;
        this.settings = null;
        this.node = null;
        this.format = null;
        this.instances = null;
        this.refreshes = null;
        this.senders = null;
    }

    @Inject
    public ContainerSessions(SessionRegistry registry, Settings settings, Node node, RawJson format,
                             EndpointInstances instances, TokenRefresh refreshes) {
        this.registry = registry;
        this.settings = settings;
        this.node = node;
        this.format = format;
        this.instances = instances;
        this.refreshes = refreshes;
        // threads start only on a container whose sends block, and end when idle
        ThreadPoolExecutor pool = new ThreadPoolExecutor(settings.sendThreads(), settings.sendThreads(), 30,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), DaemonThreads.named("wshub-sender-"));
        pool.allowCoreThreadTimeOut(true);
        this.senders = pool;
    }

    /**
     * Registers the connection of a session that has just opened, with its handler's outbox policy and capacity, and
     * tells the handler, with the session's path parameters. The endpoint hands the messages the container reports to
     * the returned connection, and the session's close and failures to {@link #closed} and {@link #failed}, which
     * find it through the session: the close may come while the handler is still opening it. When the connection
     * ends, the endpoint instance is disposed of if CDI built it ({@link EndpointInstances}).
     *
     * @param endpoint the endpoint instance whose {@code @OnOpen} this is
     * @throws IllegalStateException as {@link #open(Session, OverflowPolicy)}; and whatever the handler throws, after
     *                               the connection is unregistered again
     */
    public <M, S> HandledConnection<M, S> open(Session session, Object endpoint, ConnectionHandler<M, S> handler) {
        Runnable dispose = instances.take(endpoint);
        Connection connection;
        try {
            connection = register(session, handler.overflow(), handler.outboxCapacity(settings.outboxCapacity()));
        } catch (RuntimeException | Error e) {
            try {
                dispose.run();
            } catch (RuntimeException disposing) {
                e.addSuppressed(disposing);
            }
            throw e;
        }
        Map<String, String> parameters = session.getPathParameters();
        try {
            return HandledConnection.open(connection, handler, parameters == null ? Map.of() : Map.copyOf(parameters),
                    registry, dispose, handled -> session.getUserProperties().put(HANDLED_PROPERTY, handled));
        } finally {
            opened(connection);
        }
    }

    private static void opened(Connection connection) {
        if (connection.transport() instanceof DispatchedTransport dispatched) {
            dispatched.opened();
        }
    }

    /** The session has closed: its connection, if it opened, ends. */
    public void closed(Session session) {
        if (session.getUserProperties().get(HANDLED_PROPERTY) instanceof HandledConnection<?, ?> handled) {
            handled.closed();
        }
    }

    /**
     * The container reports a failure on the session (see {@link Endpoints#onError}); a token refresh, which the
     * decoders hand on this way ({@link RefreshRequest}), is carried out.
     */
    public void failed(Session session, Throwable failure) {
        Object handled = session == null ? null : session.getUserProperties().get(HANDLED_PROPERTY);
        HandledConnection<?, ?> connection = handled instanceof HandledConnection<?, ?> h ? h : null;
        RefreshRequest refresh = Endpoints.find(failure, RefreshRequest.class);
        if (refresh != null && connection != null) {
            refreshes.refresh(connection.connection(), refresh);
            return;
        }
        HandledConnection.failed(registry, connection, failure);
    }

    /**
     * Registers the connection of a session that has just opened, with the usual outbox capacity: applies the
     * message size limit and send timeout from the settings, and takes the identity the handshake left in the
     * session's user properties.
     *
     * @throws IllegalStateException if the handshake left no identity (the endpoint lacks wshub's configurator, or
     *                               the handshake was never checked); the session is closed with 1011
     */
    public Connection open(Session session, OverflowPolicy policy) {
        return open(session, policy, settings.outboxCapacity());
    }

    /** As {@link #open(Session, OverflowPolicy)}, with an outbox of the given capacity. */
    public Connection open(Session session, OverflowPolicy policy, int capacity) {
        Connection connection = register(session, policy, capacity);
        opened(connection);
        return connection;
    }

    /** As {@link #open(Session, OverflowPolicy, int)}, the connection still opening. */
    private Connection register(Session session, OverflowPolicy policy, int capacity) {
        Object identity = session.getUserProperties().get(Identity.PROPERTY);
        Object lease = session.getUserProperties().remove(ConnectionLimits.LEASE_PROPERTY);
        Object loginSession = session.getUserProperties().remove(Admissions.Admission.LOGIN_SESSION_PROPERTY);
        session.setMaxTextMessageBufferSize(settings.maxMessageSize());
        session.setMaxBinaryMessageBufferSize(settings.maxMessageSize());
        session.getUserProperties().put(TOMCAT_CLOSE_TIMEOUT, settings.closeTimeout().toMillis());
        session.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, settings.closeTimeout().toMillis());
        if (session.getMaxIdleTimeout() == 0 && session.getClass().getName().startsWith(TYRUS_SESSION)) {
            session.setMaxIdleTimeout(-1);
        }
        Transport transport = new SessionTransport(session, settings.sendTimeout().toMillis());
        if (session.getContainer() != null
                && session.getContainer().getClass().getName().startsWith(BLOCKING_SENDS_CONTAINER)) {
            transport = new DispatchedTransport(transport, senders);
        }
        if (!(identity instanceof Identity known)) {
            if (lease instanceof ConnectionLimits.Lease taken) {
                taken.release();
            }
            transport.close(Closes.NO_IDENTITY);
            throw new IllegalStateException("session " + session.getId() + " has no identity: is the endpoint "
                    + "configured with io.wshub.security.EndpointConfigurator?");
        }
        // the container's session id is unique in this process only
        Connection connection = registry.connect(node.id() + "-" + session.getId(), known, format, transport,
                policy, capacity, lease instanceof ConnectionLimits.Lease taken ? taken : null);
        if (loginSession instanceof String id) {
            registry.join(connection, SessionRegistry.loginGroup(id));
        }
        session.addMessageHandler(PongMessage.class, pong -> connection.ponged());
        return connection;
    }

    @PreDestroy
    public void shutdown() {
        senders.shutdown();
    }
}
