package io.wshub.chat;

import io.wshub.config.Scheduler;
import io.wshub.config.Settings;
import jakarta.enterprise.inject.Vetoed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Mailboxes in this JVM: per user, at most {@code mailbox-size} letters not older than {@code mailbox-age-seconds};
 * for everybody together, at most {@code mailbox-total} letters holding {@code mailbox-total-bytes} characters
 * ({@link Letter#chars()}), since in open mode anyone may write to any name. Expired
 * letters go when their user is next touched, and in a sweep every minute. A closed mailbox remembers the
 * {@code mailbox-known-users} users most recently arrived or introduced, and every user with letters waiting.
 * <p>
 * Thread-safe: each user's box (letters and online connections) is only touched inside
 * {@link ConcurrentHashMap#compute} for that user, which makes every call atomic; a box with neither is removed; the
 * totals are atomic; the known users are guarded by their own lock, never taken inside a {@code compute}.
 */
@Vetoed
public class LocalMailbox implements Mailbox {

    private static final Duration SWEEP = Duration.ofMinutes(1);

    private final Map<String, Box> boxes = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicLong totalChars = new AtomicLong();
    private final int maxLetters;
    private final int maxTotal;
    private final long maxTotalChars;
    private final Duration maxAge;
    private final Clock clock;
    /** The known users, least recently seen first; null for an open mailbox. */
    private final Map<String, Boolean> known;

    public LocalMailbox(Settings settings, Clock clock, Scheduler scheduler) {
        this(settings.mailboxSize(), settings.mailboxTotal(), settings.mailboxTotalBytes(), settings.mailboxAge(),
                clock, settings.auth() == Settings.AuthMode.OPEN ? 0 : settings.mailboxKnownUsers());
        scheduler.every(SWEEP, this::sweep);
    }

    /** An open mailbox. */
    public LocalMailbox(int maxLetters, int maxTotal, long maxTotalChars, Duration maxAge, Clock clock) {
        this(maxLetters, maxTotal, maxTotalChars, maxAge, clock, 0);
    }

    /** @param maxKnown how many users a closed mailbox remembers at least, or 0 for an open mailbox */
    public LocalMailbox(int maxLetters, int maxTotal, long maxTotalChars, Duration maxAge, Clock clock, int maxKnown) {
        this.maxLetters = maxLetters;
        this.maxTotal = maxTotal;
        this.maxTotalChars = maxTotalChars;
        this.maxAge = maxAge;
        this.clock = clock;
        this.known = maxKnown == 0 ? null : new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > maxKnown;
            }
        };
    }

    @Override
    public Outcome storeUnlessOnline(String user, Letter letter) {
        if (known != null && !knows(user) && !boxes.containsKey(user)) {
            return Outcome.UNKNOWN_USER;
        }
        return store(user, letter, true);
    }

    @Override
    public void introduce(String user) {
        if (known != null) {
            synchronized (known) {
                known.put(user, Boolean.TRUE);
            }
        }
    }

    private boolean knows(String user) {
        synchronized (known) {
            return known.containsKey(user);
        }
    }

    @Override
    public Outcome store(String user, Letter letter) {
        return store(user, letter, false);
    }

    private Outcome store(String user, Letter letter, boolean unlessOnline) {
        Outcome[] outcome = new Outcome[1];
        boxes.compute(user, (name, present) -> {
            Box box = present == null ? new Box() : present;
            expire(box);
            if (unlessOnline && !box.online.isEmpty()) {
                outcome[0] = Outcome.ONLINE;
            } else if (box.letters.size() < maxLetters && reserve(letter)) {
                box.letters.addLast(letter);
                outcome[0] = Outcome.STORED;
            } else {
                outcome[0] = Outcome.FULL;
            }
            return box.isEmpty() ? null : box;
        });
        return outcome[0];
    }

    @Override
    public List<Letter> arrive(String user, String connection) {
        introduce(user);
        List<Letter> taken = new ArrayList<>();
        boxes.compute(user, (name, present) -> {
            Box box = present == null ? new Box() : present;
            expire(box);
            box.online.add(connection);
            while (!box.letters.isEmpty()) {
                Letter letter = box.letters.pollFirst();
                release(letter);
                taken.add(letter);
            }
            return box;
        });
        return taken;
    }

    @Override
    public void depart(String user, String connection) {
        boxes.computeIfPresent(user, (name, box) -> {
            box.online.remove(connection);
            return box.isEmpty() ? null : box;
        });
    }

    @Override
    public void restore(String user, List<Letter> letters) {
        boxes.compute(user, (name, present) -> {
            Box box = present == null ? new Box() : present;
            for (int i = letters.size() - 1; i >= 0; i--) {
                if (box.letters.size() < maxLetters && reserve(letters.get(i))) {
                    box.letters.addFirst(letters.get(i));
                }
            }
            return box.isEmpty() ? null : box;
        });
    }

    /** Counts a letter into the totals, unless it would take either past its bound. */
    private boolean reserve(Letter letter) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return false;
        }
        if (totalChars.addAndGet(letter.chars()) > maxTotalChars) {
            totalChars.addAndGet(-letter.chars());
            total.decrementAndGet();
            return false;
        }
        return true;
    }

    private void release(Letter letter) {
        total.decrementAndGet();
        totalChars.addAndGet(-letter.chars());
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
            boxes.computeIfPresent(user, (name, box) -> {
                expire(box);
                return box.isEmpty() ? null : box;
            });
        }
    }

    /** Drops a box's expired letters. */
    private void expire(Box box) {
        Instant oldest = clock.instant().minus(maxAge);
        while (!box.letters.isEmpty() && box.letters.peekFirst().at().isBefore(oldest)) {
            release(box.letters.pollFirst());
        }
    }

    /** One user's letters and online connections; touched only inside {@code compute} for the user. */
    private static final class Box {
        final ArrayDeque<Letter> letters = new ArrayDeque<>();
        final Set<String> online = new HashSet<>();

        boolean isEmpty() {
            return letters.isEmpty() && online.isEmpty();
        }
    }
}
