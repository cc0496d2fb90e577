package io.wshub.counter;

import io.wshub.session.Connection;
import io.wshub.session.ConnectionHandler;
import io.wshub.session.RateLimiter;
import io.wshub.session.RateLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * A connection to the shared counter: joins on open, applies each {@link CounterAction} within the connection's
 * rate, leaves on close. Thread-safe.
 */
@ApplicationScoped
public class CounterHandler implements ConnectionHandler<CounterAction, CounterHandler.Counting> {

    /** A connection at the counter, and how often it may act. */
    public record Counting(Connection connection, RateLimiter rate) {
    }

    private final CounterService counter;
    private final RateLimits rateLimits;

    /** For CDI's client proxy only. */
    protected CounterHandler() {
        this(null, null);
    }

    @Inject
    public CounterHandler(CounterService counter, RateLimits rateLimits) {
        this.counter = counter;
        this.rateLimits = rateLimits;
    }

    @Override
    public Counting opened(Connection connection, Map<String, String> parameters) {
        Counting counting = new Counting(connection, rateLimits.forConnection());
        counter.join(connection);
        return counting;
    }

    @Override
    public void received(Counting counting, CounterAction action) {
        counter.apply(counting.connection(), counting.rate(), action);
    }

    @Override
    public void closed(Counting counting) {
        counter.leave(counting.connection());
    }
}
