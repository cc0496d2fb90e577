package io.wshub.session;

import io.wshub.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;

/**
 * Makes each connection's {@link RateLimiter} from {@code message-rate} and {@code message-burst}, for the endpoints
 * whose messages cost other connections or the server something (a counter broadcast, a stats walk).
 * Thread-safe: stateless but for its collaborators.
 */
@ApplicationScoped
public class RateLimits {

    private final Settings settings;
    private final Clock clock;

    /** For CDI's client proxy only. */
    protected RateLimits() {
        this(null, null);
    }

    @Inject
    public RateLimits(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public RateLimiter forConnection() {
        return new RateLimiter(clock, settings.messageRate(), settings.messageBurst());
    }
}
