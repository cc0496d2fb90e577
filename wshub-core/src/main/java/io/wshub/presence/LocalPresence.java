package io.wshub.presence;

import jakarta.enterprise.inject.Vetoed;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Presence in this JVM. Thread-safe: each place's entries change only inside {@link ConcurrentHashMap#compute}
 * for that place, which makes every call atomic; an empty place disappears. Versions come from one counter for all
 * places, so a place that empties and fills again never repeats a version.
 */
@Vetoed
public class LocalPresence implements Presence {

    private final Map<String, Place> places = new ConcurrentHashMap<>();
    private final AtomicLong versions = new AtomicLong();

    @Override
    public Change enter(String place, Entry entry) {
        Change[] change = new Change[1];
        places.compute(place, (name, present) -> {
            Place updated = present == null ? new Place() : present;
            Set<Entry> own = updated.byUser.computeIfAbsent(entry.user(), user -> new HashSet<>());
            boolean first = own.isEmpty();
            if (own.add(entry)) {
                updated.connections++;
                updated.version = versions.incrementAndGet();
            }
            change[0] = updated.change(first);
            return updated;
        });
        return change[0];
    }

    @Override
    public Change exit(String place, Entry entry) {
        Change[] change = {new Change(false, 0, 0, 0)};
        places.computeIfPresent(place, (name, present) -> {
            Set<Entry> own = present.byUser.get(entry.user());
            boolean last = false;
            if (own != null && own.remove(entry)) {
                present.connections--;
                present.version = versions.incrementAndGet();
                if (own.isEmpty()) {
                    present.byUser.remove(entry.user());
                    last = true;
                }
            }
            change[0] = present.change(last);
            return present.byUser.isEmpty() ? null : present;
        });
        return change[0].version() == 0 ? count(place) : change[0];
    }

    @Override
    public List<String> users(String place) {
        List<String> users = new ArrayList<>();
        places.computeIfPresent(place, (name, present) -> {
            users.addAll(present.byUser.keySet());
            return present;
        });
        users.sort(null);
        return users;
    }

    @Override
    public Change count(String place) {
        Change[] change = {null};
        places.computeIfPresent(place, (name, present) -> {
            change[0] = present.change(false);
            return present;
        });
        return change[0] != null ? change[0] : new Change(false, 0, 0, versions.get());
    }

    @Override
    public List<Departure> removeNode(String node) {
        List<Departure> departures = new ArrayList<>();
        for (String place : places.keySet()) {
            places.computeIfPresent(place, (name, present) -> {
                int before = present.connections;
                present.byUser.entrySet().removeIf(user -> {
                    user.getValue().removeIf(entry -> entry.node().equals(node));
                    if (user.getValue().isEmpty()) {
                        departures.add(new Departure(place, user.getKey()));
                        return true;
                    }
                    return false;
                });
                present.connections = present.byUser.values().stream().mapToInt(Set::size).sum();
                if (present.connections != before) {
                    present.version = versions.incrementAndGet();
                }
                return present.byUser.isEmpty() ? null : present;
            });
        }
        return departures;
    }

    /** One place's entries; touched only inside {@code compute} for the place. */
    private static final class Place {
        final Map<String, Set<Entry>> byUser = new HashMap<>();
        int connections;
        long version;

        Change change(boolean transition) {
            return new Change(transition, byUser.size(), connections, version);
        }
    }
}
