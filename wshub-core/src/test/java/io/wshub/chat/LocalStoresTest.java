package io.wshub.chat;

import io.wshub.chat.message.ChatEvent;
import io.wshub.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-memory chat stores' own bounds, which matter in open mode where anyone may name any room or user. */
class LocalStoresTest {

    private final MutableClock clock = new MutableClock();

    private final Set<String> occupied = ConcurrentHashMap.newKeySet();

    private LocalRoomLogs history(int perRoom, long totalMessages, long totalChars) {
        return new LocalRoomLogs(new LocalRoomLogs.Limits(perRoom, Duration.ofHours(1), totalMessages,
                totalChars), clock, occupied::contains);
    }

    @Test
    void aRoomNobodyPostedToLeavesNoLogBehind() {
        LocalRoomLogs history = history(10, 1_000, 1_000_000);
        for (int i = 0; i < 1_000; i++) {
            String room = "made-up-" + i;
            assertEquals(0L, history.head(room).lastSeq());
        }
        assertEquals(0, history.roomCount());

        history.append("real", "alice", null, "hi");
        history.head("real").lastSeq();
        assertEquals(1, history.roomCount());
        assertEquals(2L, history.append("real", "alice", null, "again").message().message().seq());
    }

    /**
     * Before, nothing bounded the rooms or their total: 40 clients within the rate limit filled 80 rooms and a
     * 512 MiB heap. Past the total, the least recently used rooms give up their oldest messages, and say so.
     */
    @Test
    void theTotalIsBoundedAndTheLeastRecentlyUsedRoomsGiveUpTheirOldestFirst() {
        LocalRoomLogs history = history(1_000, 250, Long.MAX_VALUE);
        occupied.add("room-1");
        String firstEpoch = history.append("room-0", "alice", null, "the first").epoch();
        for (int room = 0; room < 80; room++) {
            for (int i = 0; i < 10; i++) {
                String name = "room-" + room;
                history.append(name, "alice", null, "message in " + name);
            }
        }

        assertEquals(250, history.totalMessages());
        assertNotEquals(firstEpoch, history.head("room-0").epoch(), "dropped, so it starts over");
        assertEquals(0L, history.head("room-0").lastSeq());
        RoomLogs.Replay kept = history.since("room-1", null, 0, Long.MAX_VALUE);
        assertEquals(List.of(), kept.messages(), "its members keep its log, but not its messages");
        assertFalse(kept.recovered());
        RoomLogs.Replay newest = history.since("room-79", null, 0, Long.MAX_VALUE);
        assertEquals(10, newest.messages().size());
        assertTrue(newest.recovered());
        assertTrue(history.roomCount() <= 26, "emptied, unoccupied rooms are dropped: " + history.roomCount());
    }

    @Test
    void theTotalInCharactersIsBoundedToo() {
        LocalRoomLogs history = history(1_000, Long.MAX_VALUE, 100_000);
        String text = "x".repeat(4_000);
        for (int i = 0; i < 200; i++) {
            String room = "r" + (i % 20);
            history.append(room, "alice", null, text);
        }

        assertTrue(history.totalChars() <= 100_000, "" + history.totalChars());
        assertTrue(history.totalChars() > 90_000, "" + history.totalChars());
    }

    @Test
    void anEmptiedRoomWithMembersKeepsItsEpochAndSeqsAndAnEmptyUnoccupiedOneStartsOver() {
        LocalRoomLogs history = history(1_000, 1_000, Long.MAX_VALUE);
        occupied.add("kept");
        String keptEpoch = history.append("kept", "alice", null, "one").epoch();
        String goneEpoch = history.append("gone", "alice", null, "one").epoch();
        clock.advance(Duration.ofHours(2));
        history.sweep();

        assertEquals(keptEpoch, history.head("kept").epoch());
        assertEquals(2L, history.append("kept", "alice", null, "two").message().message().seq());
        String newEpoch = history.head("gone").epoch();
        assertNotEquals(goneEpoch, newEpoch);
        assertEquals(1L, history.append("gone", "alice", null, "two").message().message().seq());
        RoomLogs.Replay expired = history.since("kept", keptEpoch, 0, 1);
        assertEquals(List.of(), expired.messages());
        assertFalse(expired.recovered());
    }

    @Test
    void concurrentAppendsToManyRoomsStayWithinTheTotalAndLoseNoSeq() throws Exception {
        LocalRoomLogs history = history(1_000, 500, Long.MAX_VALUE);
        occupied.add("busy");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int writer = t;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        String room = i % 2 == 0 ? "busy" : "w" + writer + "-" + (i % 50);
                        history.append(room, "u" + writer, null, "m");
                    }
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertTrue(history.totalMessages() <= 500, "" + history.totalMessages());
        assertEquals(8_000L, history.head("busy").lastSeq());
    }

    @Test
    void lettersForEverybodyTogetherAreCappedAndExpiredOnesAreSweptAway() {
        LocalMailbox mailbox = new LocalMailbox(2, 5, Long.MAX_VALUE, Duration.ofDays(7), clock);
        List<Mailbox.Outcome> outcomes = new ArrayList<>();
        for (int user = 0; user < 4; user++) {
            for (int letter = 0; letter < 2; letter++) {
                outcomes.add(mailbox.storeUnlessOnline("u" + user, letter("{}")));
            }
        }
        assertEquals(5, outcomes.stream().filter(o -> o == Mailbox.Outcome.STORED).count());
        assertEquals(5, mailbox.total());

        assertEquals(2, mailbox.arrive("u0", "c1").size());
        assertEquals(3, mailbox.total());
        assertEquals(Mailbox.Outcome.STORED,
                mailbox.storeUnlessOnline("u9", letter("{}")));

        clock.advance(Duration.ofDays(8));
        mailbox.sweep();
        assertEquals(0, mailbox.total());
        assertTrue(outcomes.contains(Mailbox.Outcome.FULL));
    }

    @Test
    void lettersForEverybodyTogetherAreCappedInCharactersToo() {
        LocalMailbox mailbox = new LocalMailbox(1_000, 1_000, 10_000, Duration.ofDays(7), clock);
        // each letter counts its strings and the overhead: 3,936 of text, 4,000 in all
        String json = "x".repeat(4_000 - (int) letter("").chars());
        List<Mailbox.Outcome> outcomes = new ArrayList<>();
        for (int user = 0; user < 3; user++) {
            outcomes.add(mailbox.storeUnlessOnline("u" + user, letter(json)));
        }

        assertEquals(List.of(Mailbox.Outcome.STORED, Mailbox.Outcome.STORED, Mailbox.Outcome.FULL), outcomes);
        assertEquals(8_000, mailbox.totalChars());
        mailbox.arrive("u0", "c1");
        assertEquals(4_000, mailbox.totalChars());
        assertEquals(Mailbox.Outcome.STORED,
                mailbox.storeUnlessOnline("u2", letter(json)));
    }

    private Mailbox.Letter letter(String text) {
        return new Mailbox.Letter(new ChatEvent.Private("a", "b", text, "t", null), clock.instant());
    }
}
