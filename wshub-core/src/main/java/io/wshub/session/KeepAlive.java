package io.wshub.session;

import io.wshub.config.Scheduler;
import io.wshub.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Pings every connection each {@code ping-interval-seconds}, so that idle connections survive proxies that drop
 * silent ones, and closes (1001 "no answer to two pings") and drops from the registry a peer that leaves two pings
 * unanswered: a dead peer does not stay registered. Runs on the application's one scheduler thread.
 * Thread-safe: stateless but for its collaborators.
 */
@ApplicationScoped
public class KeepAlive {

    private static final Logger LOG = Logger.getLogger(KeepAlive.class.getName());
    private static final int MAX_UNANSWERED = 2;

    private final SessionRegistry registry;
    private final Scheduler scheduler;
    private final Duration interval;

    /** For CDI's client proxy only. */
    protected KeepAlive() {
        this.registry = null;
        this.scheduler = null;
        this.interval = null;
    }

    @Inject
    public KeepAlive(SessionRegistry registry, Scheduler scheduler, Settings settings) {
        this.registry = registry;
        this.scheduler = scheduler;
        this.interval = settings.pingInterval();
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        if (!interval.isZero()) {
            scheduler.every(interval, this::tick);
        }
    }

    /** One round: drops the peers that left two pings unanswered, pings the others. */
    void tick() {
        for (Connection connection : registry.connections()) {
            if (connection.unansweredPings() >= MAX_UNANSWERED) {
                LOG.log(Level.FINE, () -> "no pong from " + connection);
                registry.terminate(connection, Closes.NO_PONG);
            } else {
                connection.ping(ByteBuffer.allocate(0));
            }
        }
    }
}
