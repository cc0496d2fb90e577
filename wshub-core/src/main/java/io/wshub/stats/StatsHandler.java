package io.wshub.stats;

import io.wshub.json.ErrorCode;
import io.wshub.json.ErrorMessage;
import io.wshub.session.Connection;
import io.wshub.session.ConnectionHandler;
import io.wshub.session.RateLimiter;
import io.wshub.session.RateLimits;
import io.wshub.session.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/** Answers {@code {"type":"stats"}} with a {@link StatsReply} from the shared {@link SessionRegistry}. Thread-safe. */
@ApplicationScoped
public class StatsHandler implements ConnectionHandler<StatsCommand, StatsHandler.Asker> {

    /** A connection asking for stats, and how often it may. */
    public record Asker(Connection connection, RateLimiter rate) {
    }

    private final SessionRegistry registry;
    private final RateLimits rateLimits;

    /** For CDI's client proxy only. */
    protected StatsHandler() {
        this(null, null);
    }

    @Inject
    public StatsHandler(SessionRegistry registry, RateLimits rateLimits) {
        this.registry = registry;
        this.rateLimits = rateLimits;
    }

    @Override
    public Asker opened(Connection connection, Map<String, String> parameters) {
        return new Asker(connection, rateLimits.forConnection());
    }

    @Override
    public void received(Asker asker, StatsCommand command) {
        Connection connection = asker.connection();
        if (!asker.rate().tryAcquire()) {
            // each answer walks every connection: a flood would cost the whole server
            connection.sendTyped(new ErrorMessage(command.id(), ErrorCode.RATE_LIMITED,
                    "too many requests a second; this one was not answered"));
        } else if (command instanceof StatsCommand.Stats stats) {
            int maxQueued = 0;
            long dropped = 0;
            for (Connection open : registry.connections()) {
                maxQueued = Math.max(maxQueued, open.outbox().queued());
                dropped += open.outbox().dropped();
            }
            connection.sendTyped(new StatsReply(stats.id(), connection.user(), connection.identity().anonymous(),
                    registry.connectionCount(), registry.userCount(), registry.groupCount(), maxQueued, dropped));
        }
    }

    @Override
    public void closed(Asker asker) {
        // nothing of the connection's is kept here
    }
}
