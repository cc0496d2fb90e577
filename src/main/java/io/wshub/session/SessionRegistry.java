package io.wshub.session;

import io.wshub.config.Settings;
import io.wshub.security.ConnectionLimits;
import io.wshub.security.Identity;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every open connection of the application, shared by all endpoints: by id, by user, and by group (a chat room, a
 * feed topic). Lookups return immutable snapshots, so a broadcast iterates without locks while others join or leave.
 * <p>
 * Thread-safe: the indexes are concurrent maps whose user and group sets are immutable and replaced atomically;
 * each connection's membership changes happen under that connection's own lock, so a removal racing a join never
 * leaves the connection behind in an index. Removal is idempotent, whether it comes from {@code @OnClose},
 * {@code @OnError} or a failed send. Opening (through {@link #connect}) and removal are announced as
 * {@link ConnectionEvent}s.
 */
@ApplicationScoped
public class SessionRegistry {

    /** How long a connection whose send failed is left to its container to close before wshub closes it (1011). */
    static final Duration SEND_FAILURE_GRACE = Duration.ofMillis(200);
    private static final Logger LOG = Logger.getLogger(SessionRegistry.class.getName());

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

    /** Unexpected failures logged with their stack traces, at most, per minute; the rest are counted. */
    private static final int FAILURES_LOGGED_PER_MINUTE = 10;

    /** Closes of stuck connections may each block for the close timeout; a few run side by side. */
    private static final int CLOSER_THREADS = 8;

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

    private final Map<String, Connection> byId = new ConcurrentHashMap<>();
    private final Map<String, List<Connection>> byUser = new ConcurrentHashMap<>();
    private final Map<String, List<Connection>> byGroup = new ConcurrentHashMap<>();
    /** The places under the connection caps that WAR handshakes took, released when their connections go. */
    private final Map<Connection, ConnectionLimits.Lease> leases = new ConcurrentHashMap<>();
    private final Settings settings;
    private final Lifecycle lifecycle;
    private final Clock clock;
    private final FailureLog failureLog;
    private final Node node;
    private final ScheduledExecutorService closer;
    private final ExecutorService senders;

    /** For CDI's client proxy only. */
    protected SessionRegistry() {
        this.settings = null;
        this.lifecycle = null;
        this.clock = null;
        this.failureLog = null;
        this.node = null;
        this.closer = null;
        this.senders = null;
    }

    /** A registry on the system clock, for code outside CDI. */
    public SessionRegistry(Settings settings, Lifecycle lifecycle) {
        this(settings, lifecycle, Clock.systemUTC());
    }

    /** A registry of a node of its own, for code outside CDI. */
    public SessionRegistry(Settings settings, Lifecycle lifecycle, Clock clock) {
        this(settings, lifecycle, clock, new Node());
    }

    @Inject
    public SessionRegistry(Settings settings, Lifecycle lifecycle, Clock clock, Node node) {
        this.settings = settings;
        this.node = node;
        this.lifecycle = lifecycle;
        this.clock = clock;
        this.failureLog = new FailureLog(clock, FAILURES_LOGGED_PER_MINUTE, Duration.ofMinutes(1));
        this.closer = closers();
        // threads start only on a container whose sends block, and end when idle
        this.senders = pool("wshub-sender-", settings.sendThreads());
    }

    /**
     * Registers the connection of a session that has just opened: applies the message size limit and send timeout
     * from the settings, and takes the identity the handshake left in the session's user properties.
     *
     * @throws IllegalStateException if the handshake left no identity (the endpoint lacks wshub's configurator)
     */
    public Connection open(Session session, OverflowPolicy policy) {
        return open(session, policy, settings.outboxCapacity());
    }

    /** As {@link #open(Session, OverflowPolicy)}, with an outbox of the given capacity. */
    public Connection open(Session session, OverflowPolicy policy, int capacity) {
        Object identity = session.getUserProperties().get(Identity.PROPERTY);
        Object lease = session.getUserProperties().remove(ConnectionLimits.LEASE_PROPERTY);
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
        Connection connection = connect(node.id() + "-" + session.getId(), known, transport, policy, capacity);
        if (lease instanceof ConnectionLimits.Lease taken) {
            leases.put(connection, taken);
            boolean removedMeanwhile;
            synchronized (connection.membershipLock) {
                removedMeanwhile = connection.isRemovedLocked();
            }
            if (removedMeanwhile) {
                release(connection);
            }
        }
        session.addMessageHandler(PongMessage.class, pong -> connection.ponged());
        return connection;
    }

    /** Registers a connection over any transport: what {@link #open} does for a container session. */
    public Connection connect(String id, Identity identity, Transport transport, OverflowPolicy policy,
                              int capacity) {
        Connection connection = new Connection(id, identity, transport, capacity, settings.outboxMaxBytes(), policy,
                settings.maxMessageSize(), new RateLimiter(clock, settings.messageRate(), settings.messageBurst()),
                this::terminate);
        add(connection);
        lifecycle.announce(new ConnectionEvent.Opened(id, identity.user()));
        return connection;
    }

    void add(Connection connection) {
        synchronized (connection.membershipLock) {
            if (connection.isRemovedLocked()) {
                throw new IllegalStateException(connection + " was already removed");
            }
            if (byId.putIfAbsent(connection.id(), connection) != null) {
                throw new IllegalStateException("a connection with id " + connection.id() + " is registered");
            }
            addTo(byUser, connection.user(), connection);
        }
    }

    /**
     * Removes a connection from every index. Idempotent.
     *
     * @return true if this call removed it
     */
    public boolean remove(Connection connection) {
        synchronized (connection.membershipLock) {
            if (connection.isRemovedLocked()) {
                return false;
            }
            connection.markRemovedLocked();
            byId.remove(connection.id(), connection);
            removeFrom(byUser, connection.user(), connection);
            for (String group : connection.groupsLocked()) {
                removeFrom(byGroup, group, connection);
            }
            connection.groupsLocked().clear();
        }
        connection.outbox().discard();
        release(connection);
        lifecycle.announce(new ConnectionEvent.Closed(connection.id(), connection.user()));
        return true;
    }

    private void release(Connection connection) {
        ConnectionLimits.Lease lease = leases.remove(connection);
        if (lease != null) {
            lease.release();
        }
    }

    /** @return true if the connection was not in the group and is now */
    public boolean join(Connection connection, String group) {
        synchronized (connection.membershipLock) {
            if (connection.isRemovedLocked() || !connection.groupsLocked().add(group)) {
                return false;
            }
            addTo(byGroup, group, connection);
            return true;
        }
    }

    /** @return true if the connection was in the group and is no longer */
    public boolean leave(Connection connection, String group) {
        synchronized (connection.membershipLock) {
            if (!connection.groupsLocked().remove(group)) {
                return false;
            }
            removeFrom(byGroup, group, connection);
            return true;
        }
    }

    /** Where the endpoints log unexpected failures. */
    public FailureLog failureLog() {
        return failureLog;
    }

    public Connection get(String id) {
        return byId.get(id);
    }

    /** All open connections, as a snapshot. */
    public List<Connection> connections() {
        return List.copyOf(byId.values());
    }

    /** The open connections of one user, in the order they opened, as an immutable snapshot. */
    public List<Connection> connectionsOf(String user) {
        return byUser.getOrDefault(user, List.of());
    }

    /** The connections in one group, in the order they joined, as an immutable snapshot. */
    public List<Connection> members(String group) {
        return byGroup.getOrDefault(group, List.of());
    }

    /** The users with at least one open connection, as a snapshot. */
    public Set<String> users() {
        return Set.copyOf(byUser.keySet());
    }

    /** The groups with at least one member, as a snapshot. */
    public Set<String> groups() {
        return Set.copyOf(byGroup.keySet());
    }

    public int connectionCount() {
        return byId.size();
    }

    public int userCount() {
        return byUser.size();
    }

    public int groupCount() {
        return byGroup.size();
    }

    /** Closes every connection after what is already queued for it. */
    public void closeAll(CloseReason reason) {
        byId.values().forEach(connection -> connection.close(reason));
    }

    /** Waits until every connection is gone, or the time is up. @return true if none is left */
    public boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!byId.isEmpty()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return true;
    }

    /**
     * Drops a connection that can no longer be written to and closes it: right after its send in flight, if any, so
     * that the close frame follows it, and in any case once {@code close-timeout-ms} has passed, for a peer whose
     * send never completes. The close runs on a closer thread because containers may block while writing a close
     * frame behind a stuck send (up to {@code close-timeout-ms}), and the caller may be a broadcast.
     */
    void terminate(Connection connection, CloseReason reason) {
        if (!remove(connection)) {
            return;
        }
        LOG.log(Level.FINE, () -> "closing " + connection + ": " + reason.getReasonPhrase());
        Runnable close = () -> {
            // a container that fails a connection itself (Tomcat 11 on a protocol error) may fail the send in flight
            // first, and its own close (1002...) must not lose the race to our 1011
            if (reason != Closes.SEND_FAILED || connection.transport().isOpen()) {
                connection.transport().close(reason);
            }
        };
        try {
            if (connection.outbox().closeAfterSendInFlight(reason)) {
                closer.schedule(close, settings.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } else if (reason == Closes.SEND_FAILED) {
                closer.schedule(close, SEND_FAILURE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                closer.execute(close);
            }
        } catch (RejectedExecutionException shuttingDown) {
            close.run();
        }
    }

    /** Closes every connection with 1001 and stops the closer thread: on undeploy, shutdown, or after a test. */
    @PreDestroy
    public void shutdown() {
        closeAll(Closes.GOING_AWAY);
        closer.shutdown();
        senders.shutdown();
    }

    /*
     * The snapshots are List.of's immutable lists: one dense array that a broadcast walks by index (Set.of's sets
     * probe a half-empty table instead, 2.5 % of a burst's fan-out path in a profile). The registry keeps each
     * connection in an index once; copying on every change is O(members), as is the broadcast announcing it.
     */
    private static void addTo(Map<String, List<Connection>> index, String key, Connection connection) {
        index.compute(key, (k, members) -> {
            if (members == null) {
                return List.of(connection);
            }
            Connection[] grown = members.toArray(new Connection[members.size() + 1]);
            grown[members.size()] = connection;
            return List.of(grown);
        });
    }

    private static void removeFrom(Map<String, List<Connection>> index, String key, Connection connection) {
        index.computeIfPresent(key, (k, members) -> {
            List<Connection> rest = members.stream().filter(member -> member != connection).toList();
            return rest.isEmpty() ? null : rest;
        });
    }

    private static ScheduledExecutorService closers() {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(CLOSER_THREADS, daemons("wshub-closer-"));
        pool.setKeepAliveTime(30, TimeUnit.SECONDS);
        pool.allowCoreThreadTimeOut(true);
        // on undeploy the container closes every session itself: a pending backstop must not keep a thread alive
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return pool;
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static ExecutorService pool(String prefix, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemons(prefix));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
