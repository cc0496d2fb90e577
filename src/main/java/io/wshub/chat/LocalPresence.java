package io.wshub.chat;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presence in this JVM: per room, a count of connections per user. Thread-safe: each room's counts are replaced
 * atomically through {@link ConcurrentHashMap#compute}; an empty room disappears.
 */
@ApplicationScoped
public class LocalPresence implements Presence {

    private final Map<String, Map<String, Integer>> rooms = new ConcurrentHashMap<>();

    @Override
    public boolean enter(String room, String user) {
        boolean[] first = new boolean[1];
        rooms.compute(room, (name, counts) -> {
            Map<String, Integer> updated = counts == null ? new HashMap<>() : new HashMap<>(counts);
            first[0] = updated.merge(user, 1, Integer::sum) == 1;
            return Map.copyOf(updated);
        });
        return first[0];
    }

    @Override
    public boolean exit(String room, String user) {
        boolean[] last = new boolean[1];
        rooms.computeIfPresent(room, (name, counts) -> {
            Integer count = counts.get(user);
            if (count == null) {
                return counts;
            }
            Map<String, Integer> updated = new HashMap<>(counts);
            if (count == 1) {
                updated.remove(user);
                last[0] = true;
            } else {
                updated.put(user, count - 1);
            }
            return updated.isEmpty() ? null : Map.copyOf(updated);
        });
        return last[0];
    }

    @Override
    public List<String> users(String room) {
        return rooms.getOrDefault(room, Map.of()).keySet().stream().sorted().toList();
    }
}
