package io.wshub.chat;

import io.wshub.config.Scheduler;
import io.wshub.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Mailboxes in this JVM: per user, at most {@code mailbox-size} letters not older than {@code mailbox-age-seconds};
 * for everybody together, at most {@code mailbox-total} letters holding {@code mailbox-total-bytes} characters of
 * JSON, since in open mode anyone may write to any name. Expired
 * letters go when their user is next touched, and in a sweep every minute.
 * <p>
 * Thread-safe: each user's box is only touched inside {@link ConcurrentHashMap#compute} for that user, which makes
 * deliver-or-store and go-online atomic against each other; an empty box is removed; the total is atomic.
 */
@ApplicationScoped
public class LocalMailbox implements Mailbox {

    private static final Duration SWEEP = Duration.ofMinutes(1);

    private final Map<String, ArrayDeque<Letter>> boxes = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicLong totalChars = new AtomicLong();
    private final int maxLetters;
    private final int maxTotal;
    private final long maxTotalChars;
    private final Duration maxAge;
    private final Clock clock;

    /** For CDI's client proxy only. */
    protected LocalMailbox() {
        this.maxLetters = 0;
        this.maxTotal = 0;
        this.maxTotalChars = 0;
        this.maxAge = null;
        this.clock = null;
    }

    @Inject
    public LocalMailbox(Settings settings, Clock clock, Scheduler scheduler) {
        this(settings.mailboxSize(), settings.mailboxTotal(), settings.mailboxTotalBytes(), settings.mailboxAge(),
                clock);
        scheduler.every(SWEEP, this::sweep);
    }

    public LocalMailbox(int maxLetters, int maxTotal, long maxTotalChars, Duration maxAge, Clock clock) {
        this.maxLetters = maxLetters;
        this.maxTotal = maxTotal;
        this.maxTotalChars = maxTotalChars;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public Outcome deliverOrStore(String user, Letter letter, BooleanSupplier deliver) {
        Outcome[] outcome = new Outcome[1];
        boxes.compute(user, (name, box) -> {
            ArrayDeque<Letter> waiting = expire(box);
            if (waiting == null && deliver.getAsBoolean()) {
                outcome[0] = Outcome.DELIVERED;
                return null;
            }
            waiting = waiting == null ? new ArrayDeque<>() : waiting;
            if (waiting.size() < maxLetters && reserve(letter)) {
                waiting.addLast(letter);
                outcome[0] = Outcome.STORED;
            } else {
                outcome[0] = Outcome.FULL;
            }
            return waiting.isEmpty() ? null : waiting;
        });
        return outcome[0];
    }

    @Override
    public void goOnline(String user, Runnable join, Predicate<Letter> deliver) {
        boxes.compute(user, (name, box) -> {
            join.run();
            ArrayDeque<Letter> waiting = expire(box);
            while (waiting != null && !waiting.isEmpty() && deliver.test(waiting.peekFirst())) {
                release(waiting.pollFirst());
            }
            return waiting == null || waiting.isEmpty() ? null : waiting;
        });
    }

    /** Counts a letter into the totals, unless it would take either past its bound. */
    private boolean reserve(Letter letter) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return false;
        }
        if (totalChars.addAndGet(letter.json().length()) > maxTotalChars) {
            totalChars.addAndGet(-letter.json().length());
            total.decrementAndGet();
            return false;
        }
        return true;
    }

    private void release(Letter letter) {
        total.decrementAndGet();
        totalChars.addAndGet(-letter.json().length());
    }

    /** Characters of the letters waiting, for everybody together. */
    long totalChars() {
        return totalChars.get();
    }

    /** Letters waiting, for everybody together. */
    int total() {
        return total.get();
    }

    /** Drops every expired letter. */
    void sweep() {
        for (String user : boxes.keySet()) {
            boxes.computeIfPresent(user, (name, box) -> expire(box));
        }
    }

    /** Drops expired letters; null when none is left. */
    private ArrayDeque<Letter> expire(ArrayDeque<Letter> box) {
        if (box == null) {
            return null;
        }
        Instant oldest = clock.instant().minus(maxAge);
        while (!box.isEmpty() && box.peekFirst().at().isBefore(oldest)) {
            release(box.pollFirst());
        }
        return box.isEmpty() ? null : box;
    }
}
