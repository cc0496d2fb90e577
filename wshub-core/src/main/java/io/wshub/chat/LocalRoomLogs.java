package io.wshub.chat;

import io.wshub.chat.message.ChatEvent;
import io.wshub.config.Scheduler;
import io.wshub.config.Settings;
import io.wshub.presence.Presence;
import jakarta.enterprise.inject.Vetoed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Room logs in this JVM: per room, the last {@code history-size} messages not older than {@code history-age-seconds},
 * and the client ids seen among them for de-duplication; for all rooms together, at most {@code history-total} messages
 * holding {@code history-total-bytes} characters (each message counts the characters of its strings, and 64 for the
 * rest). Past the total, the least recently used rooms lose their oldest messages first, so a resume there answers
 * {@code recovered: false}; expired messages also go in a sweep every minute.
 * <p>
 * Every log has an epoch, made at random when it is created. A log with no messages and nobody in its room's presence
 * is dropped: its room starts again at seq 1 under a new epoch, which tells a resuming client that what it saw is gone.
 * A log whose room has members is kept, messages or not, so their seqs never restart under them.
 * <p>
 * Thread-safe: one lock per room; the map of rooms is concurrent; the use order of the rooms has its own lock, under
 * which a room lock is only ever tried, never waited for; the totals are atomic.
 */
@Vetoed
public class LocalRoomLogs implements RoomLogs {

    private static final Duration SWEEP = Duration.ofMinutes(1);

    /** What this store is allowed to hold. */
    public record Limits(int perRoom, Duration maxAge, long totalMessages, long totalChars) {
    }

    private final Map<String, Log> rooms = new ConcurrentHashMap<>();
    private final LinkedHashMap<String, Log> byUse = new LinkedHashMap<>(16, 0.75f, true);
    private final Object useLock = new Object();
    private final AtomicLong totalMessages = new AtomicLong();
    private final AtomicLong totalChars = new AtomicLong();
    private final Limits limits;
    private final Clock clock;
    private final Predicate<String> occupied;

    public LocalRoomLogs(Settings settings, Clock clock, Presence presence, Scheduler scheduler) {
        this(new Limits(settings.historySize(), settings.historyAge(), settings.historyTotal(),
                settings.historyTotalBytes()), clock,
                room -> !presence.users(ChatService.roomGroup(room)).isEmpty());
        scheduler.every(SWEEP, this::sweep);
    }

    /**
     * @param occupied whether a room has members; asked with the room's lock held. A member enters the room's
     *                 presence before it asks for the room's head, so a log it is given is never dropped under it.
     */
    public LocalRoomLogs(Limits limits, Clock clock, Predicate<String> occupied) {
        this.limits = limits;
        this.clock = clock;
        this.occupied = occupied;
    }

    @Override
    public Head head(String room) {
        return inRoom(room, log -> new Head(log.epoch, log.lastSeq));
    }

    @Override
    public Posted append(String room, String sender, String clientId, String text) {
        return inRoom(room, log -> log.append(sender, clientId, text));
    }

    @Override
    public Replay since(String room, String epoch, long after, long until) {
        return inRoom(room, log -> {
            boolean sameLog = epoch == null ? after <= log.lastSeq : epoch.equals(log.epoch);
            long start = sameLog ? after : 0;
            List<StoredMessage> kept = log.replay(start, until);
            long wanted = Math.max(0, Math.min(until, log.lastSeq) - start);
            return new Replay(log.epoch, start, kept, sameLog && kept.size() == wanted);
        });
    }

    /** Runs an action with the room's log held exclusively, on the room's current log. */
    private <T> T inRoom(String room, Function<Log, T> action) {
        while (true) {
            Log log = rooms.computeIfAbsent(room, Log::new);
            synchronized (useLock) {
                byUse.put(room, log);
            }
            log.lock.lock();
            try {
                if (log.retired) {
                    // dropped while this thread waited for it: take the room's current log
                    continue;
                }
                T result = action.apply(log);
                retireIfIdle(log);
                return result;
            } finally {
                log.lock.unlock();
            }
        }
    }

    /** Rooms with a log, for tests and stats. */
    int roomCount() {
        return rooms.size();
    }

    /** Messages kept in all rooms together. */
    long totalMessages() {
        return totalMessages.get();
    }

    /** What the kept messages count for against {@code history-total-bytes}. */
    long totalChars() {
        return totalChars.get();
    }

    /** Drops every expired message, and the logs left empty and unoccupied; skips a room another thread holds. */
    void sweep() {
        Instant now = clock.instant();
        for (Log log : rooms.values()) {
            if (log.lock.tryLock()) {
                try {
                    if (!log.retired) {
                        log.expire(now);
                        retireIfIdle(log);
                    }
                } finally {
                    log.lock.unlock();
                }
            }
        }
    }

    /** Called with the log's lock held. */
    private void retireIfIdle(Log log) {
        if (log.messages.isEmpty() && !occupied.test(log.room)) {
            log.retired = true;
            rooms.remove(log.room, log);
            synchronized (useLock) {
                byUse.remove(log.room, log);
            }
        }
    }

    private boolean overBudget() {
        return totalMessages.get() > limits.totalMessages() || totalChars.get() > limits.totalChars();
    }

    /**
     * Brings the totals back within the budget, taking the oldest messages of the least recently used rooms first and
     * those of {@code current}, whose lock the caller holds, last. A room another thread holds is passed over.
     */
    private void enforceBudget(Log current) {
        while (overBudget()) {
            Log victim = null;
            synchronized (useLock) {
                for (Log candidate : byUse.values()) {
                    if (candidate == current || !candidate.lock.tryLock()) {
                        continue;
                    }
                    if (candidate.messages.isEmpty()) {
                        // kept for its members, with nothing to give
                        candidate.lock.unlock();
                        continue;
                    }
                    victim = candidate;
                    break;
                }
            }
            if (victim == null) {
                if (current.messages.size() <= 1) {
                    return;
                }
                current.dropOldest();
                continue;
            }
            try {
                while (overBudget() && !victim.messages.isEmpty()) {
                    victim.dropOldest();
                }
                if (!victim.retired) {
                    retireIfIdle(victim);
                }
            } finally {
                victim.lock.unlock();
            }
        }
    }

    private static String newEpoch() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    /** One room's log; every method runs with {@link #lock} held. */
    private final class Log {

        final ReentrantLock lock = new ReentrantLock();
        private final String room;
        private final String epoch = newEpoch();
        private final ArrayDeque<StoredMessage> messages = new ArrayDeque<>();
        private final Map<String, StoredMessage> byClientId = new HashMap<>();
        private long lastSeq;
        private boolean retired;

        Log(String room) {
            this.room = room;
        }

        Posted append(String sender, String clientId, String text) {
            Instant now = clock.instant();
            expire(now);
            if (clientId != null) {
                StoredMessage earlier = byClientId.get(key(sender, clientId));
                if (earlier != null) {
                    return new Posted(earlier, epoch, earlier.message().text().equals(text)
                            ? Outcome.DUPLICATE : Outcome.CONFLICT);
                }
            }
            ChatEvent.Message message = new ChatEvent.Message(room, ++lastSeq, sender, text, now.toString(), clientId);
            StoredMessage stored = new StoredMessage(message, now);
            messages.addLast(stored);
            totalMessages.incrementAndGet();
            totalChars.addAndGet(cost(stored));
            if (clientId != null) {
                byClientId.put(key(sender, clientId), stored);
            }
            while (messages.size() > limits.perRoom()) {
                dropOldest();
            }
            enforceBudget(this);
            return new Posted(stored, epoch, Outcome.POSTED);
        }

        /** The kept messages with {@code after < seq <= until}, in order. */
        List<StoredMessage> replay(long after, long until) {
            expire(clock.instant());
            List<StoredMessage> kept = new ArrayList<>();
            for (StoredMessage stored : messages) {
                long seq = stored.message().seq();
                if (seq > after && seq <= until) {
                    kept.add(stored);
                }
            }
            return List.copyOf(kept);
        }

        void expire(Instant now) {
            Instant oldest = now.minus(limits.maxAge());
            while (!messages.isEmpty() && messages.peekFirst().at().isBefore(oldest)) {
                dropOldest();
            }
        }

        void dropOldest() {
            StoredMessage gone = messages.pollFirst();
            totalMessages.decrementAndGet();
            totalChars.addAndGet(-cost(gone));
            if (gone.message().id() != null) {
                byClientId.remove(key(gone.message().from(), gone.message().id()));
            }
        }

        private static long cost(StoredMessage stored) {
            return stored.chars();
        }

        private static String key(String sender, String clientId) {
            return sender + '\u0000' + clientId;
        }
    }
}
