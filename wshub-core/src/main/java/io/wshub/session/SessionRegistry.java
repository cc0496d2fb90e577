package io.wshub.session;

import io.wshub.config.Settings;
import io.wshub.security.ConnectionLimits;
import io.wshub.security.Identity;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
 * {@link ConnectionEvent}s. It knows no container: {@link ContainerSessions} adapts the containers' sessions.
 */
@ApplicationScoped
public class SessionRegistry {

    /** How long a connection whose send failed is left to its container to close before wshub closes it (1011). */
    static final Duration SEND_FAILURE_GRACE = Duration.ofMillis(200);
    private static final Logger LOG = Logger.getLogger(SessionRegistry.class.getName());

    /** Unexpected failures logged with their stack traces, at most, per minute; the rest are counted. */
    private static final int FAILURES_LOGGED_PER_MINUTE = 10;

    /** Closes of stuck connections may each block for the close timeout; a few run side by side. */
    private static final int CLOSER_THREADS = 8;

    private final Map<String, Connection> byId = new ConcurrentHashMap<>();
    private final Map<String, List<Connection>> byUser = new ConcurrentHashMap<>();
    private final Map<String, List<Connection>> byGroup = new ConcurrentHashMap<>();
    /** The places under the connection caps that WAR handshakes took, released when their connections go. */
    private final Map<Connection, ConnectionLimits.Lease> leases = new ConcurrentHashMap<>();
    /** The pending close of each connection whose identity expires, until it closes or a refresh moves it. */
    private final Map<Connection, ScheduledFuture<?>> expiryChecks = new ConcurrentHashMap<>();
    private final Settings settings;
    private final Lifecycle lifecycle;
    private final Clock clock;
    private final FailureLog failureLog;
    private final ScheduledExecutorService closer;

    /** For CDI's client proxy only. */
    protected SessionRegistry() {
        this.settings = null;
        this.lifecycle = null;
        this.clock = null;
        this.failureLog = null;
        this.closer = null;
    }

    /** A registry on the system clock, for code outside CDI. */
    public SessionRegistry(Settings settings, Lifecycle lifecycle) {
        this(settings, lifecycle, Clock.systemUTC());
    }

    @Inject
    public SessionRegistry(Settings settings, Lifecycle lifecycle, Clock clock) {
        this.settings = settings;
        this.lifecycle = lifecycle;
        this.clock = clock;
        this.failureLog = new FailureLog(clock, FAILURES_LOGGED_PER_MINUTE, Duration.ofMinutes(1));
        this.closer = closers();
    }

    /**
     * Registers a connection over any transport, whose client speaks {@code format}: what {@link ContainerSessions}
     * does for a container session.
     */
    public Connection connect(String id, Identity identity, WireFormat format, Transport transport,
                              OverflowPolicy policy, int capacity) {
        return connect(id, identity, format, transport, policy, capacity, null);
    }

    /**
     * As {@link #connect(String, Identity, WireFormat, Transport, OverflowPolicy, int)}, for a connection that holds
     * a place under the connection caps, released when it is removed.
     */
    public Connection connect(String id, Identity identity, WireFormat format, Transport transport,
                              OverflowPolicy policy, int capacity, ConnectionLimits.Lease lease) {
        Connection connection = new Connection(id, identity, format, transport, capacity, settings.outboxMaxBytes(),
                policy,
                settings.maxMessageSize(), new RateLimiter(clock, settings.messageRate(), settings.messageBurst()),
                this::terminate);
        add(connection);
        lifecycle.announce(new ConnectionEvent.Opened(id, identity.user()));
        watchExpiry(connection);
        if (lease != null) {
            leases.put(connection, lease);
            boolean removedMeanwhile;
            synchronized (connection.membershipLock) {
                removedMeanwhile = connection.isRemovedLocked();
            }
            if (removedMeanwhile) {
                release(connection);
            }
        }
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
        ScheduledFuture<?> expiryCheck = expiryChecks.remove(connection);
        if (expiryCheck != null) {
            expiryCheck.cancel(false);
        }
        lifecycle.announce(new ConnectionEvent.Closed(connection.id(), connection.user()));
        return true;
    }

    /**
     * Moves the expiry of a connection's identity to that of a fresh token for the same user: the connection is
     * closed with 1008 "token expired" at the new one instead.
     */
    public void renew(Connection connection, Instant expiry) {
        connection.expireAt(expiry);
        watchExpiry(connection);
    }

    /** Schedules the close of a connection at its identity's expiry, if it has one, replacing any earlier check. */
    private void watchExpiry(Connection connection) {
        Instant expiry = connection.expiry();
        if (expiry == null) {
            return;
        }
        ScheduledFuture<?> check;
        try {
            check = closer.schedule(() -> expire(connection), Math.max(0, expiry.toEpochMilli() - clock.millis()),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            return;
        }
        ScheduledFuture<?> earlier = expiryChecks.put(connection, check);
        if (earlier != null) {
            earlier.cancel(false);
        }
        boolean removedMeanwhile;
        synchronized (connection.membershipLock) {
            removedMeanwhile = connection.isRemovedLocked();
        }
        if (removedMeanwhile && expiryChecks.remove(connection, check)) {
            check.cancel(false);
        }
    }

    /**
     * A check fell due: the connection goes, unless its expiry is still ahead (a refresh moved it, or the timer ran
     * early by the clock's measure): then it is watched again.
     */
    private void expire(Connection connection) {
        if (clock.millis() >= connection.expiry().toEpochMilli()) {
            terminate(connection, Closes.TOKEN_EXPIRED);
        } else {
            watchExpiry(connection);
        }
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
    public void closeAll(CloseFrame reason) {
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
    void terminate(Connection connection, CloseFrame reason) {
        if (!remove(connection)) {
            return;
        }
        LOG.log(Level.FINE, () -> "closing " + connection + ": " + reason.reason());
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

    /** The registry group of the connections opened under one container login (an HTTP session's id). */
    public static String loginGroup(String loginSession) {
        return "login:" + loginSession;
    }

    /**
     * The container login a connection was opened under has ended (its HTTP session was invalidated, by a logout or
     * its timeout): its connections are closed with 1008.
     *
     * @return how many connections were closed
     */
    public int endLogin(String loginSession) {
        List<Connection> opened = members(loginGroup(loginSession));
        opened.forEach(connection -> terminate(connection, Closes.LOGGED_OUT));
        return opened.size();
    }

    /** The container renamed an HTTP session (after a login, against fixation): its connections follow the name. */
    public void renameLogin(String before, String after) {
        for (Connection connection : members(loginGroup(before))) {
            leave(connection, loginGroup(before));
            join(connection, loginGroup(after));
        }
    }

    /** Closes every connection with 1001 and stops the closer thread: on undeploy, shutdown, or after a test. */
    @PreDestroy
    public void shutdown() {
        closeAll(Closes.GOING_AWAY);
        closer.shutdown();
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
        ScheduledThreadPoolExecutor pool =
                new ScheduledThreadPoolExecutor(CLOSER_THREADS, DaemonThreads.named("wshub-closer-"));
        pool.setKeepAliveTime(30, TimeUnit.SECONDS);
        pool.allowCoreThreadTimeOut(true);
        // on undeploy the container closes every session itself: a pending backstop must not keep a thread alive
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        // the expiry check of a connection that closed is cancelled, and must not keep it reachable until then
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }
}
