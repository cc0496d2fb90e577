package io.wshub.chat;

import io.wshub.session.Connection;
import io.wshub.session.RateLimiter;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chat side of one connection: its own room (from the URL, if any) and, for each room it is in, the seq of the
 * room's last message when it joined: everything after that reaches it live, everything up to it only by resume;
 * and its command rate. Thread-safe: a concurrent map, written under the room's lock, and a synchronized limiter.
 */
public final class ChatMember {

    private final Connection connection;
    private final String home;
    private final RateLimiter rate;
    private final Map<String, Long> joinedAt = new ConcurrentHashMap<>();

    ChatMember(Connection connection, String home, RateLimiter rate) {
        this.connection = connection;
        this.home = home;
        this.rate = rate;
    }

    public Connection connection() {
        return connection;
    }

    public String user() {
        return connection.user();
    }

    /** The room of the URL the connection opened, or null on the private endpoint. */
    public String home() {
        return home;
    }

    /** @return true if the connection is within its command rate */
    boolean withinRate() {
        return rate.tryAcquire();
    }

    public boolean isIn(String room) {
        return joinedAt.containsKey(room);
    }

    public List<String> rooms() {
        return joinedAt.keySet().stream().sorted().toList();
    }

    Long joinedAt(String room) {
        return joinedAt.get(room);
    }

    void joined(String room, long seq) {
        joinedAt.put(room, seq);
    }

    /** @return true if the member was in the room */
    boolean left(String room) {
        return joinedAt.remove(room) != null;
    }
}
