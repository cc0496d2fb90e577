package io.wshub.chat;

import io.wshub.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-memory stores' own bounds, which matter in open mode where anyone may name any room or user. */
class ChatStoresTest {

    private final MutableClock clock = new MutableClock();

    @Test
    void aRoomNobodyPostedToLeavesNoLogBehind() {
        LocalRoomHistory history = new LocalRoomHistory(10, Duration.ofHours(1), clock);
        for (int i = 0; i < 1_000; i++) {
            String room = "made-up-" + i;
            assertEquals(0L, history.inRoom(room, RoomLog::lastSeq));
        }
        assertEquals(0, history.roomCount());

        history.inRoom("real", log -> log.append("alice", null, "hi"));
        history.inRoom("real", RoomLog::lastSeq);
        assertEquals(1, history.roomCount());
        assertEquals(2L, history.inRoom("real", log -> log.append("alice", null, "again")).message().message().seq());
    }

    @Test
    void lettersForEverybodyTogetherAreCappedAndExpiredOnesAreSweptAway() {
        LocalMailbox mailbox = new LocalMailbox(2, 5, Duration.ofDays(7), clock);
        List<Mailbox.Outcome> outcomes = new ArrayList<>();
        for (int user = 0; user < 4; user++) {
            for (int letter = 0; letter < 2; letter++) {
                outcomes.add(mailbox.deliverOrStore("u" + user, new Mailbox.Letter("{}", clock.instant()), () -> false));
            }
        }
        assertEquals(5, outcomes.stream().filter(o -> o == Mailbox.Outcome.STORED).count());
        assertEquals(5, mailbox.total());

        List<String> delivered = new ArrayList<>();
        mailbox.goOnline("u0", () -> { }, letter -> delivered.add(letter.json()));
        assertEquals(2, delivered.size());
        assertEquals(3, mailbox.total());
        assertEquals(Mailbox.Outcome.STORED,
                mailbox.deliverOrStore("u9", new Mailbox.Letter("{}", clock.instant()), () -> false));

        clock.advance(Duration.ofDays(8));
        mailbox.sweep();
        assertEquals(0, mailbox.total());
        assertTrue(outcomes.contains(Mailbox.Outcome.FULL));
    }
}
