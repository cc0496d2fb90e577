package io.wshub.chat;

import io.wshub.chat.message.ChatEvent;
import io.wshub.config.Settings;
import io.wshub.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Room histories in this JVM: per room, the last {@code history-size} messages not older than
 * {@code history-age-seconds}, and the client ids seen among them for de-duplication.
 * <p>
 * Thread-safe: one lock per room; the map of rooms is concurrent. A room's log, with its seq counter, lives as long
 * as the process once a message was posted (a few hundred bytes after its messages have expired), so that seqs never
 * restart; a log nobody ever posted to is dropped again at once, so joining made-up rooms costs nothing.
 */
@ApplicationScoped
public class LocalRoomHistory implements RoomHistory {

    private final Map<String, Log> rooms = new ConcurrentHashMap<>();
    private final int maxMessages;
    private final Duration maxAge;
    private final Clock clock;

    /** For CDI's client proxy only. */
    protected LocalRoomHistory() {
        this.maxMessages = 0;
        this.maxAge = null;
        this.clock = null;
    }

    @Inject
    public LocalRoomHistory(Settings settings, Clock clock) {
        this(settings.historySize(), settings.historyAge(), clock);
    }

    public LocalRoomHistory(int maxMessages, Duration maxAge, Clock clock) {
        this.maxMessages = maxMessages;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public <T> T inRoom(String room, Function<RoomLog, T> action) {
        while (true) {
            Log log = rooms.computeIfAbsent(room, Log::new);
            log.lock.lock();
            try {
                if (log.retired) {
                    // dropped while this thread waited for it: take the room's current log
                    continue;
                }
                T result = action.apply(log);
                if (log.lastSeq == 0) {
                    log.retired = true;
                    rooms.remove(room, log);
                }
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

    /** One room's log; every method runs with {@link #lock} held. */
    private final class Log implements RoomLog {

        final ReentrantLock lock = new ReentrantLock();
        private final String room;
        private final ArrayDeque<StoredMessage> messages = new ArrayDeque<>();
        private final Map<String, StoredMessage> byClientId = new HashMap<>();
        private long lastSeq;
        private boolean retired;

        Log(String room) {
            this.room = room;
        }

        @Override
        public long lastSeq() {
            return lastSeq;
        }

        @Override
        public Appended append(String sender, String clientId, String text) {
            Instant now = clock.instant();
            evict(now);
            if (clientId != null) {
                StoredMessage earlier = byClientId.get(key(sender, clientId));
                if (earlier != null) {
                    return new Appended(earlier, earlier.message().text().equals(text)
                            ? Outcome.DUPLICATE : Outcome.CONFLICT);
                }
            }
            ChatEvent.Message message = new ChatEvent.Message(room, ++lastSeq, sender, text, now.toString(), clientId);
            StoredMessage stored = new StoredMessage(message, Json.encode(message), now);
            messages.addLast(stored);
            if (clientId != null) {
                byClientId.put(key(sender, clientId), stored);
            }
            evict(now);
            return new Appended(stored, Outcome.POSTED);
        }

        @Override
        public Replay replay(long after, long until) {
            evict(clock.instant());
            List<StoredMessage> kept = new ArrayList<>();
            for (StoredMessage stored : messages) {
                long seq = stored.message().seq();
                if (seq > after && seq <= until) {
                    kept.add(stored);
                }
            }
            long wanted = Math.max(0, Math.min(until, lastSeq) - after);
            return new Replay(List.copyOf(kept), kept.size() == wanted);
        }

        private void evict(Instant now) {
            Instant oldest = now.minus(maxAge);
            while (!messages.isEmpty()
                    && (messages.size() > maxMessages || messages.peekFirst().at().isBefore(oldest))) {
                StoredMessage gone = messages.pollFirst();
                if (gone.message().id() != null) {
                    byClientId.remove(key(gone.message().from(), gone.message().id()));
                }
            }
        }

        private static String key(String sender, String clientId) {
            return sender + '\u0000' + clientId;
        }
    }
}
