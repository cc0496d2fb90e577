package io.wshub.chat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The private messages accepted lately, by sender and client id, so that a client resending one after a reconnect
 * (same id) gets the first answer again instead of a second delivery, and an id reused for another message is told
 * apart. Bounded: at most {@code capacity} entries, none older than {@code maxAge}; the oldest go first. An entry
 * holds the recipient and a fingerprint of the text, never the text.
 * <p>
 * Thread-safe: {@link #once} runs the check, the delivery and the record under one lock per stripe of senders, so
 * two resends from two tabs of one user cannot both be delivered; the map itself is guarded by its own monitor.
 */
final class RecentWhispers {

    private static final int STRIPES = 64;

    /** What {@link #once} found or did. */
    record Seen(Mailbox.Outcome outcome, boolean conflict) {
    }

    private record Entry(String to, int length, int hash, Mailbox.Outcome outcome, Instant at) {
    }

    private final int capacity;
    private final Duration maxAge;
    private final Clock clock;
    private final Object[] stripes = new Object[STRIPES];
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    RecentWhispers(int capacity, Duration maxAge, Clock clock) {
        this.capacity = capacity;
        this.maxAge = Objects.requireNonNull(maxAge);
        this.clock = Objects.requireNonNull(clock);
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /**
     * Runs {@code deliver} unless the sender's message with this id was seen: then answers what became of it, or
     * that the id now names a different message. A refusal ({@code FULL}, {@code UNKNOWN_USER}) is not remembered, so
     * a resend may succeed.
     */
    Seen once(String sender, String clientId, String to, String text, Supplier<Mailbox.Outcome> deliver) {
        String key = sender + '\u0000' + clientId;
        synchronized (stripes[Math.floorMod(sender.hashCode(), STRIPES)]) {
            Entry earlier = lookup(key);
            if (earlier != null) {
                boolean same = earlier.to().equals(to) && earlier.length() == text.length()
                        && earlier.hash() == text.hashCode();
                return new Seen(earlier.outcome(), !same);
            }
            Mailbox.Outcome outcome = deliver.get();
            if (outcome == Mailbox.Outcome.ONLINE || outcome == Mailbox.Outcome.STORED) {
                remember(key, new Entry(to, text.length(), text.hashCode(), outcome, clock.instant()));
            }
            return new Seen(outcome, false);
        }
    }

    /** Entries held now, for tests. */
    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private Entry lookup(String key) {
        synchronized (entries) {
            expire();
            return entries.get(key);
        }
    }

    private void remember(String key, Entry entry) {
        synchronized (entries) {
            entries.put(key, entry);
            Iterator<Map.Entry<String, Entry>> oldest = entries.entrySet().iterator();
            while (entries.size() > capacity && oldest.hasNext()) {
                oldest.next();
                oldest.remove();
            }
        }
    }

    /** Called with the map's monitor held. */
    private void expire() {
        Instant cutoff = clock.instant().minus(maxAge);
        Iterator<Map.Entry<String, Entry>> oldest = entries.entrySet().iterator();
        while (oldest.hasNext() && oldest.next().getValue().at().isBefore(cutoff)) {
            oldest.remove();
        }
    }
}
