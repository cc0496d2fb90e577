package io.wshub.session;

import java.time.Clock;

/**
 * A token bucket: {@code burst} tokens at most, refilled at {@code perSecond}; each accepted message takes one.
 * Thread-safe: synchronized, and meant for one connection, so never contended.
 */
public final class RateLimiter {

    private final Clock clock;
    private final double perMilli;
    private final double burst;
    private double tokens;
    private long last;

    public RateLimiter(Clock clock, int perSecond, int burst) {
        this.clock = clock;
        this.perMilli = perSecond / 1000.0;
        this.burst = burst;
        this.tokens = burst;
        this.last = clock.millis();
    }

    /** @return true if a message may pass now */
    public synchronized boolean tryAcquire() {
        long now = clock.millis();
        tokens = Math.min(burst, tokens + (now - last) * perMilli);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
