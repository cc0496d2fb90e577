package io.wshub.security;

import io.wshub.config.AddressRange;
import io.wshub.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The caps on open connections, in total ({@code max-connections}), per client address
 * ({@code max-connections-per-address}) and per user ({@code max-connections-per-user}), and who the client of a
 * request is: its peer, or, when the peer is one of the {@code trusted-proxies}, the nearest address in
 * {@code X-Forwarded-For} that is not. A connection holds a {@link Lease} from its admission until it closes; one
 * over a cap is refused (the runtimes answer 503 with {@link #RETRY_AFTER_SECONDS}, and 429 for the user's cap,
 * which the client's own connections fill).
 * <p>
 * Left at 0, the total cap is the process's open-file limit less a tenth (at least 100 descriptors) kept for
 * files, pages and the refusals themselves: at the limit itself the kernel refuses the accept, Grizzly's selector
 * spins on the listening socket and new clients get no answer at all. A configured cap above that is lowered to it,
 * with a warning.
 * <p>
 * Thread-safe: the counts are atomic (per address, each update is one {@code compute}); the hand-over from a WAR's
 * handshake filter to the endpoint configurator, which the containers run on the request's thread, is a thread-local.
 */
@ApplicationScoped
public class ConnectionLimits {

    /** What a refusal's {@code Retry-After} says. */
    public static final int RETRY_AFTER_SECONDS = 10;
    /** The user property under which a WAR handshake leaves the connection's lease for the registry. */
    public static final String LEASE_PROPERTY = "io.wshub.connection-lease";

    private static final Logger LOG = Logger.getLogger(ConnectionLimits.class.getName());
    private static final int RESERVED_DESCRIPTORS = 100;
    private static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);

    private final int maxTotal;
    private final int maxPerAddress;
    private final int maxPerUser;
    private final List<AddressRange> trustedProxies;
    private final Clock clock;
    private final AtomicLong lastWarning = new AtomicLong();
    private final AtomicInteger total = new AtomicInteger();
    private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();
    private final Map<String, Integer> perUser = new ConcurrentHashMap<>();

    /** For CDI's client proxy only. */
    protected ConnectionLimits() {
        this.maxTotal = 0;
        this.maxPerAddress = 0;
        this.maxPerUser = 0;
        this.trustedProxies = List.of();
        this.clock = null;
    }

    @Inject
    public ConnectionLimits(Settings settings, Clock clock) {
        this(settings.maxConnections(), openFileLimit(), settings.maxConnectionsPerAddress(),
                settings.maxConnectionsPerUser(), settings.trustedProxies(), clock);
    }

    /**
     * @param configured the configured total cap, 0 for one derived from {@code openFileLimit}
     * @param openFileLimit the process's open-file limit, if known
     */
    public ConnectionLimits(int configured, OptionalLong openFileLimit, int maxPerAddress, int maxPerUser,
                            List<AddressRange> trustedProxies, Clock clock) {
        int derived = openFileLimit.isPresent()
                ? (int) Math.min(Integer.MAX_VALUE, Math.max(1, openFileLimit.getAsLong()
                        - Math.max(RESERVED_DESCRIPTORS, openFileLimit.getAsLong() / 10)))
                : Integer.MAX_VALUE;
        if (configured > derived) {
            LOG.warning(() -> "max-connections is " + configured + " but the open-file limit of "
                    + openFileLimit.getAsLong() + " leaves room for " + derived + " connections; using " + derived
                    + " (raise the limit, e.g. LimitNOFILE in systemd or ulimit -n, to allow more)");
        }
        this.maxTotal = configured == 0 ? derived : Math.min(configured, derived);
        this.maxPerAddress = maxPerAddress;
        this.maxPerUser = maxPerUser;
        this.trustedProxies = List.copyOf(trustedProxies);
        this.clock = clock;
    }

    /**
     * The process's limit on open file descriptors, where the JVM tells it (Unix). Read as a platform MBean attribute
     * rather than through {@code com.sun.management}, which WildFly's module system hides from deployments.
     */
    public static OptionalLong openFileLimit() {
        try {
            Object limit = ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName("java.lang:type=OperatingSystem"), "MaxFileDescriptorCount");
            return limit instanceof Long known && known > 0 ? OptionalLong.of(known) : OptionalLong.empty();
        } catch (JMException | RuntimeException unknown) {
            return OptionalLong.empty();
        }
    }

    public int maxTotal() {
        return maxTotal;
    }

    public int maxPerAddress() {
        return maxPerAddress;
    }

    public int maxPerUser() {
        return maxPerUser;
    }

    /** Connections admitted and not yet released. */
    public int open() {
        return total.get();
    }

    /** Whether the address (in text, as the container gives it) is one of the trusted proxies. */
    public boolean trusted(String address) {
        if (address == null || trustedProxies.isEmpty()) {
            return false;
        }
        Optional<InetAddress> parsed = AddressRange.literal(address);
        return parsed.isPresent() && isTrusted(parsed.get());
    }

    private boolean isTrusted(InetAddress address) {
        for (AddressRange range : trustedProxies) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client a request came from: its peer, unless the peer is a trusted proxy; then the rightmost address of
     * {@code X-Forwarded-For} (all of its headers, in order) that is not a trusted proxy. Proxies append, so what lies
     * left of the first untrusted hop is whatever the client wrote and is ignored. A malformed entry ends the walk at
     * the last trusted hop.
     *
     * @param peer         the address the connection came from
     * @param forwardedFor the values of the {@code X-Forwarded-For} headers, possibly empty
     */
    public String clientAddress(String peer, List<String> forwardedFor) {
        if (!trusted(peer) || forwardedFor.isEmpty()) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                hops.add(hop.trim());
            }
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = AddressRange.literal(hops.get(i));
            if (hop.isEmpty()) {
                return client;
            }
            client = hop.get().getHostAddress();
            if (!isTrusted(hop.get())) {
                return client;
            }
        }
        return client;
    }

    /**
     * Admits a connection against the total cap and, unless {@code address} is null, that address's cap.
     *
     * @return its lease, or empty when a cap is reached (the refusal is logged, at most once a minute)
     */
    public Optional<Lease> admit(String address) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            warn("connection limit reached: " + maxTotal + " connections are open (max-connections"
                    + " and the open-file limit); refusing new ones with 503");
            return Optional.empty();
        }
        if (address != null && !countFrom(address)) {
            total.decrementAndGet();
            return Optional.empty();
        }
        return Optional.of(new Lease(address, true));
    }

    /**
     * Admits a request against its client's per-address cap only: on the embedded server a connection from a
     * trusted proxy is counted in the total when accepted, and its client is known only once its request is read.
     */
    public Optional<Lease> admitForwarded(String address) {
        return countFrom(address) ? Optional.of(new Lease(address, false)) : Optional.empty();
    }

    /**
     * Admits a connection of {@code user} against that user's cap only, where the runtime counted the connection in
     * the total and its address's cap already (the embedded server, when it accepted it).
     *
     * @return its lease, or empty when the user has {@code max-connections-per-user} open
     */
    public Optional<Lease> admitUser(String user) {
        Lease lease = new Lease(null, false);
        return lease.countUser(user) ? Optional.of(lease) : Optional.empty();
    }

    private boolean countFrom(String address) {
        boolean admitted = countUnderCap(perAddress, address, maxPerAddress);
        if (!admitted) {
            warn("per-address connection limit reached: " + address + " has " + maxPerAddress
                    + " connections open (max-connections-per-address; behind a proxy, list it in trusted-proxies); "
                    + "refusing more with 503");
        }
        return admitted;
    }

    /** Adds one to a key's count unless it is at {@code cap}; one atomic update. */
    private static boolean countUnderCap(Map<String, Integer> counts, String key, int cap) {
        AtomicBoolean admitted = new AtomicBoolean();
        counts.compute(key, (name, count) -> {
            int current = count == null ? 0 : count;
            if (current >= cap) {
                return count;
            }
            admitted.set(true);
            return current + 1;
        });
        return admitted.get();
    }

    /** Logs a refusal, at most once a minute: a flood of them would otherwise fill the log. */
    private void warn(String what) {
        long now = clock.millis();
        long last = lastWarning.get();
        if (now - last >= WARNING_INTERVAL.toMillis() && lastWarning.compareAndSet(last, now)) {
            LOG.warning(what);
        }
    }

    /** One admitted connection's place under the caps. {@link #release} is idempotent. */
    public final class Lease {

        private final String address;
        private final boolean countsInTotal;
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile String user;

        private Lease(String address, boolean countsInTotal) {
            this.address = address;
            this.countsInTotal = countsInTotal;
        }

        /**
         * Counts this lease's connection against {@code name}'s cap as well, once it is known who the connection
         * is. @return false, and nothing counted, when that user is at {@code max-connections-per-user}
         */
        public boolean countUser(String name) {
            if (user != null) {
                throw new IllegalStateException("this lease already counts for a user");
            }
            if (!countUnderCap(perUser, name, maxPerUser)) {
                warn("per-user connection limit reached: a user has " + maxPerUser
                        + " connections open (max-connections-per-user); refusing more with 429");
                return false;
            }
            user = name;
            return true;
        }

        public void release() {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            if (address != null) {
                perAddress.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
            }
            String counted = user;
            if (counted != null) {
                perUser.computeIfPresent(counted, (key, count) -> count <= 1 ? null : count - 1);
            }
            if (countsInTotal) {
                total.decrementAndGet();
            }
        }
    }
}
