package io.wshub.embedded;

import io.wshub.security.ConnectionLimits;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.memory.Buffers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The embedded server's door, first after the transport: every accepted TCP connection is admitted under the
 * {@link ConnectionLimits} (a refused one is answered {@code 503} with {@code Retry-After} once it has sent its
 * request, then closed), and is cut when it keeps the server waiting: a request, header and body, must arrive within
 * {@code request-timeout-ms} of its first byte or of the connection's opening (else {@code 408}, or a silent close if
 * it sent nothing or was already answered), and a kept-alive connection is closed after {@code http-idle-timeout}
 * without a request. Once upgraded to WebSocket, a connection is the WebSocket layer's (pings, close timeouts).
 * {@link RequestCheck}, which sees the parsed requests and responses, reports where each connection is.
 * <p>
 * Thread-safe: each connection's state is changed under its own lock, from the selector threads (reads), the worker
 * threads (responses) and the sweep, which runs once in {@link #SWEEP_PERIOD} on a thread of its own.
 */
final class ConnectionGate extends BaseFilter implements AddOn {

    private static final Logger LOG = Logger.getLogger(ConnectionGate.class.getName());
    static final Duration SWEEP_PERIOD = Duration.ofMillis(250);
    /** How long a refused connection may take to send the request its 503 answers. */
    private static final Duration REFUSAL_WAIT = Duration.ofSeconds(2);
    /** Refused connections that may wait for their requests at once; within the descriptors the cap leaves. */
    private static final int MAX_WAITING_REFUSALS = 50;

    private static final byte[] UNAVAILABLE = response(503, "Service Unavailable",
            "Retry-After: " + ConnectionLimits.RETRY_AFTER_SECONDS + "\r\n", "too many connections; try again later");
    private static final byte[] TIMED_OUT = response(408, "Request Timeout", "",
            "the request did not arrive in time");

    private enum Phase {
        /** Waiting for (the rest of) a request; a deadline runs. */
        RECEIVING,
        /** A request has arrived; the server is answering it. */
        ANSWERING,
        /** An answer was written for a request that never ended (a refused handshake); a deadline runs. */
        ANSWERED_EARLY,
        /** Kept alive between requests; the idle deadline runs. */
        IDLE,
        /** Upgraded to WebSocket. */
        UPGRADED,
        /** Over a cap: to be answered 503 and closed. */
        REFUSED,
        /** Answered 503; what else it sends is dropped until it is closed. */
        CLOSING
    }

    private final ConnectionLimits limits;
    private final long requestTimeoutNanos;
    private final long idleTimeoutNanos;
    private final Map<Connection<?>, Tracked> tracked = new ConcurrentHashMap<>();
    private final AtomicInteger waitingRefusals = new AtomicInteger();
    private ScheduledExecutorService sweeper;

    ConnectionGate(ConnectionLimits limits, Duration requestTimeout, Duration idleTimeout) {
        this.limits = limits;
        this.requestTimeoutNanos = requestTimeout.toNanos();
        this.idleTimeoutNanos = idleTimeout.toNanos();
    }

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int transport = builder.indexOfType(TransportFilter.class);
        if (transport < 0) {
            throw new IllegalStateException("no TransportFilter in the filter chain");
        }
        builder.add(transport + 1, this);
    }

    /** Starts the sweep that enforces the deadlines. */
    void start() {
        sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "wshub-connection-gate");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_PERIOD.toMillis(), SWEEP_PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }

    @Override
    public NextAction handleAccept(FilterChainContext ctx) throws IOException {
        Connection<?> connection = ctx.getConnection();
        String peer = peerAddress(connection);
        // a trusted proxy's connections count in the total; each of its requests counts against its client
        Optional<ConnectionLimits.Lease> lease = limits.admit(limits.trusted(peer) ? null : peer);
        long now = System.nanoTime();
        if (lease.isPresent()) {
            tracked.put(connection, new Tracked(lease.get(), Phase.RECEIVING, now + requestTimeoutNanos));
        } else if (waitingRefusals.incrementAndGet() <= MAX_WAITING_REFUSALS) {
            tracked.put(connection, new Tracked(null, Phase.REFUSED, now + REFUSAL_WAIT.toNanos()));
        } else {
            // each refusal that waits for its request holds a descriptor: past these, the answer goes out at once,
            // which a client that has already sent its request may not get to read
            waitingRefusals.decrementAndGet();
            answerAndClose(connection, UNAVAILABLE);
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        Tracked state = tracked.get(ctx.getConnection());
        if (state == null || state.phase == Phase.UPGRADED) {
            // upgraded for good: its frames pass without taking the lock
            return ctx.getInvokeAction();
        }
        synchronized (state) {
            switch (state.phase) {
                case REFUSED, CLOSING -> {
                    if (ctx.getMessage() instanceof Buffer request) {
                        request.tryDispose();
                    }
                    if (state.phase == Phase.REFUSED) {
                        // the rest of the request may come in more reads: it is answered once
                        state.await(Phase.CLOSING, System.nanoTime() + REFUSAL_WAIT.toNanos());
                        answerAndClose(ctx.getConnection(), UNAVAILABLE);
                    }
                    return ctx.getStopAction();
                }
                case IDLE -> state.await(Phase.RECEIVING, System.nanoTime() + requestTimeoutNanos);
                default -> {
                    // a request goes on arriving, or an upgraded connection reads frames
                }
            }
            state.receivedAny = true;
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleClose(FilterChainContext ctx) throws IOException {
        Tracked state = tracked.remove(ctx.getConnection());
        if (state != null) {
            if (state.lease == null) {
                waitingRefusals.decrementAndGet();
            }
            state.releaseAll();
        }
        return ctx.getInvokeAction();
    }

    /** A request has arrived whole: the server answers it, however long that takes. */
    void requestReceived(Connection<?> connection) {
        Tracked state = tracked.get(connection);
        if (state != null) {
            synchronized (state) {
                if (state.phase == Phase.RECEIVING) {
                    state.await(Phase.ANSWERING, Long.MAX_VALUE);
                }
            }
        }
    }

    /**
     * An answer to the current request, or a part of it, has been written.
     *
     * @param whole whether the answer is complete; a part written while the request is still arriving (Tyrus answers
     *              a refused handshake so, and never ends it) leaves the connection to the request deadline
     */
    void answered(Connection<?> connection, boolean whole) {
        Tracked state = tracked.get(connection);
        if (state != null) {
            synchronized (state) {
                if (whole && (state.phase == Phase.ANSWERING || state.phase == Phase.RECEIVING
                        || state.phase == Phase.ANSWERED_EARLY)) {
                    state.await(Phase.IDLE, System.nanoTime() + idleTimeoutNanos);
                } else if (!whole && state.phase == Phase.RECEIVING) {
                    state.phase = Phase.ANSWERED_EARLY;
                }
            }
        }
    }

    void upgraded(Connection<?> connection) {
        Tracked state = tracked.get(connection);
        if (state != null) {
            synchronized (state) {
                state.await(Phase.UPGRADED, Long.MAX_VALUE);
            }
        }
    }

    /**
     * Counts a request that came through a trusted proxy against the client it names, in place of the connection's
     * previous request.
     *
     * @return false when that client is over its cap: the request is to be answered 503
     */
    boolean admitForwarded(Connection<?> connection, List<String> forwardedFor) {
        Tracked state = tracked.get(connection);
        if (state == null) {
            return true;
        }
        String client = limits.clientAddress(peerAddress(connection), forwardedFor);
        synchronized (state) {
            if (state.forwarded != null) {
                state.forwarded.release();
                state.forwarded = null;
            }
            Optional<ConnectionLimits.Lease> lease = limits.admitForwarded(client);
            lease.ifPresent(admitted -> state.forwarded = admitted);
            return lease.isPresent();
        }
    }

    boolean fromTrustedProxy(Connection<?> connection) {
        return limits.trusted(peerAddress(connection));
    }

    private void sweep() {
        long now = System.nanoTime();
        tracked.forEach((connection, state) -> {
            byte[] answer;
            synchronized (state) {
                if (state.deadline == Long.MAX_VALUE || now - state.deadline < 0) {
                    return;
                }
                state.deadline = Long.MAX_VALUE;
                // the client may be half-way through a request, or may never have sent one (a browser's spare
                // connection): only the former is owed an answer
                answer = state.phase == Phase.RECEIVING && state.receivedAny ? TIMED_OUT : null;
            }
            try {
                if (answer == null) {
                    connection.closeSilently();
                } else {
                    answerAndClose(connection, answer);
                }
            } catch (RuntimeException e) {
                // one connection's failure must not end the sweep, which the executor would then run no more
                LOG.log(Level.WARNING, "could not cut " + connection, e);
            }
        });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void answerAndClose(Connection<?> connection, byte[] answer) {
        Buffer buffer = Buffers.wrap(connection.getMemoryManager(), answer);
        // raw: Grizzly types a write's completion by the peer address type, which does not matter here
        ((Connection) connection).write(buffer, closing(connection));
    }

    /** Closes the connection once a write is done, or has failed. */
    static EmptyCompletionHandler<WriteResult> closing(Connection<?> connection) {
        return new EmptyCompletionHandler<>() {
            @Override
            public void completed(WriteResult result) {
                connection.closeSilently();
            }

            @Override
            public void failed(Throwable error) {
                connection.closeSilently();
            }
        };
    }

    static String peerAddress(Connection<?> connection) {
        return connection.getPeerAddress() instanceof InetSocketAddress address && address.getAddress() != null
                ? address.getAddress().getHostAddress() : null;
    }

    private static byte[] response(int status, String phrase, String headers, String why) {
        String body = status + "\n" + why + "\n";
        return ("HTTP/1.1 " + status + " " + phrase + "\r\n" + headers
                + "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    /** Where one connection is; guarded by its own monitor. */
    private static final class Tracked {
        private final ConnectionLimits.Lease lease;
        /** Written under the monitor; read without it only to let an upgraded connection's frames pass. */
        private volatile Phase phase;
        private long deadline;
        private boolean receivedAny;
        private ConnectionLimits.Lease forwarded;

        private Tracked(ConnectionLimits.Lease lease, Phase phase, long deadline) {
            this.lease = lease;
            this.phase = phase;
            this.deadline = deadline;
        }

        private void await(Phase next, long nextDeadline) {
            phase = next;
            deadline = nextDeadline;
            if (next == Phase.RECEIVING) {
                receivedAny = false;
            }
        }

        private synchronized void releaseAll() {
            if (lease != null) {
                lease.release();
            }
            if (forwarded != null) {
                forwarded.release();
            }
        }
    }
}
