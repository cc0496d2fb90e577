package io.wshub.presence;

import io.wshub.testing.Concurrently;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link Presence} must do; an implementation's test extends this. */
public abstract class PresenceContract {

    /** A fresh, empty store. */
    protected abstract Presence presence();

    private static Presence.Entry entry(String user, String connection, String node) {
        return new Presence.Entry(user, connection, node);
    }

    @Test
    void aUserArrivesWithTheFirstTabAndLeavesWithTheLast() {
        Presence presence = presence();
        Presence.Change first = presence.enter("room:lobby", entry("alice", "c1", "n1"));
        Presence.Change second = presence.enter("room:lobby", entry("alice", "c2", "n2"));
        Presence.Change again = presence.enter("room:lobby", entry("alice", "c2", "n2"));
        presence.enter("room:lobby", entry("bob", "c3", "n1"));

        assertTrue(first.transition());
        assertFalse(second.transition());
        assertFalse(again.transition(), "entering twice counts once");
        assertEquals(new Presence.Change(false, 2, 3, presence.count("room:lobby").version()),
                presence.count("room:lobby"));
        assertEquals(List.of("alice", "bob"), presence.users("room:lobby"));

        assertFalse(presence.exit("room:lobby", entry("alice", "c1", "n1")).transition());
        assertFalse(presence.exit("room:lobby", entry("alice", "c1", "n1")).transition(), "not there any more");
        Presence.Change last = presence.exit("room:lobby", entry("alice", "c2", "n2"));
        assertTrue(last.transition());
        assertEquals(1, last.users());
        assertEquals(List.of("bob"), presence.users("room:lobby"));
        assertEquals(List.of(), presence.users("room:elsewhere"));
    }

    @Test
    void everyChangeHasAHigherVersion() {
        Presence presence = presence();
        long entered = presence.enter("counter", entry("alice", "c1", "n1")).version();
        long second = presence.enter("counter", entry("bob", "c2", "n1")).version();
        long exited = presence.exit("counter", entry("alice", "c1", "n1")).version();

        assertTrue(entered < second && second < exited, entered + " " + second + " " + exited);
        assertEquals(exited, presence.count("counter").version());
    }

    @Test
    void underConcurrentTabsExactlyOneArrivalAndOneDepartureAreReported() throws Exception {
        Presence presence = presence();
        for (int round = 0; round < 200; round++) {
            String place = "room:r" + round;
            List<String> transitions = Concurrently.run(8, tab -> {
                List<String> seen = new ArrayList<>();
                Presence.Entry own = entry("alice", "tab" + tab, "n" + (tab % 2));
                if (presence.enter(place, own).transition()) {
                    seen.add("arrived");
                }
                if (presence.exit(place, own).transition()) {
                    seen.add("left");
                }
                return seen;
            });
            assertEquals(transitions.size(), 2 * transitions.stream().filter("arrived"::equals).count(),
                    "each arrival is matched by one departure: " + transitions);
            assertTrue(transitions.contains("arrived"));
            assertEquals(List.of(), presence.users(place));
        }
    }

    @Test
    void aDeadNodesEntriesGoTogetherAndItsLastUsersAreNamed() {
        Presence presence = presence();
        presence.enter("room:a", entry("alice", "c1", "dead"));
        presence.enter("room:a", entry("bob", "c2", "dead"));
        presence.enter("room:a", entry("bob", "c3", "alive"));
        presence.enter("room:b", entry("carol", "c4", "dead"));

        List<Presence.Departure> departures = presence.removeNode("dead");

        assertEquals(List.of(new Presence.Departure("room:a", "alice"), new Presence.Departure("room:b", "carol")),
                departures.stream().sorted((x, y) -> (x.place() + x.user()).compareTo(y.place() + y.user())).toList());
        assertEquals(List.of("bob"), presence.users("room:a"));
        assertEquals(1, presence.count("room:a").connections());
        assertEquals(List.of(), presence.users("room:b"));
    }
}
