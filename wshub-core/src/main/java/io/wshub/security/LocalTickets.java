package io.wshub.security;

import io.wshub.config.Scheduler;
import jakarta.enterprise.inject.Vetoed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tickets in this JVM, at most {@code maxChars} characters of identities together ({@link Identity#chars()}, and
 * the ticket's). Expired tickets go when the store is full and in a sweep every 10 seconds. Thread-safe: every
 * method holds the store's lock; tickets are few and short-lived, and each call touches one.
 */
@Vetoed
public class LocalTickets implements Tickets {

    private static final Duration SWEEP = Duration.ofSeconds(10);

    private record Held(Identity identity, Instant expires, long chars) {
    }

    private final Map<String, Held> held = new HashMap<>();
    private final Map<String, Integer> perUser = new HashMap<>();
    private final long maxChars;
    private final Clock clock;
    private long chars;

    public LocalTickets(long maxChars, Clock clock, Scheduler scheduler) {
        this(maxChars, clock);
        scheduler.every(SWEEP, this::sweep);
    }

    public LocalTickets(long maxChars, Clock clock) {
        this.maxChars = maxChars;
        this.clock = clock;
    }

    @Override
    public synchronized Kept keep(String ticket, Identity identity, Instant expires, int userLimit) {
        long size = ticket.length() + identity.chars();
        if (chars + size > maxChars || perUser.getOrDefault(identity.user(), 0) >= userLimit) {
            sweep();
        }
        if (perUser.getOrDefault(identity.user(), 0) >= userLimit) {
            return Kept.USER_FULL;
        }
        if (chars + size > maxChars) {
            return Kept.FULL;
        }
        Held replaced = held.put(ticket, new Held(identity, expires, size));
        if (replaced != null) {
            release(replaced);
        }
        chars += size;
        perUser.merge(identity.user(), 1, Integer::sum);
        return Kept.KEPT;
    }

    @Override
    public synchronized Optional<Identity> take(String ticket) {
        Held taken = held.remove(ticket);
        if (taken == null) {
            return Optional.empty();
        }
        release(taken);
        return clock.instant().isBefore(taken.expires()) ? Optional.of(taken.identity()) : Optional.empty();
    }

    /** Drops every expired ticket. */
    synchronized void sweep() {
        Instant now = clock.instant();
        held.entrySet().removeIf(entry -> {
            if (now.isBefore(entry.getValue().expires())) {
                return false;
            }
            release(entry.getValue());
            return true;
        });
    }

    /** Characters held, for tests. */
    synchronized long chars() {
        return chars;
    }

    private void release(Held gone) {
        chars -= gone.chars();
        perUser.computeIfPresent(gone.identity().user(), (user, count) -> count == 1 ? null : count - 1);
    }
}
