package io.wshub.session;

import java.time.Clock;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs unexpected connection failures with their stack traces, at most {@code perWindow} in each {@code window}; the
 * rest are counted, and the count is logged with the next one that is let through, so that a client able to provoke
 * a failure cannot fill the disk with the server's log. Thread-safe: synchronized; reached only on failures.
 */
public final class FailureLog {

    private final Clock clock;
    private final int perWindow;
    private final Duration window;
    private long windowStart = Long.MIN_VALUE;
    private int logged;
    private long suppressed;

    public FailureLog(Clock clock, int perWindow, Duration window) {
        this.clock = clock;
        this.perWindow = perWindow;
        this.window = window;
    }

    /** Logs a failure at WARNING with its stack trace, unless this window's share is used up. */
    public void warn(Logger log, Throwable failure, String what) {
        long suppressedBefore;
        synchronized (this) {
            long now = clock.millis();
            if (windowStart == Long.MIN_VALUE || now - windowStart >= window.toMillis()) {
                windowStart = now;
                logged = 0;
            }
            if (logged >= perWindow) {
                suppressed++;
                return;
            }
            logged++;
            suppressedBefore = suppressed;
            suppressed = 0;
        }
        String message = suppressedBefore == 0 ? what
                : what + " (" + suppressedBefore + " more failures were not logged, at most " + perWindow + " are per "
                + window.toSeconds() + " s)";
        log.log(Level.WARNING, message, failure);
    }
}
