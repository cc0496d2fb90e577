package io.wshub.chat;

import io.wshub.testing.Concurrently;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link RoomLogs} must do; an implementation's test extends this. The logs under test keep at least 100
 * messages per room for at least an hour, and treat every room as occupied (so that no log is dropped mid-test).
 */
public abstract class RoomLogsContract {

    /** A fresh, empty store. */
    protected abstract RoomLogs logs();

    @Test
    void appendsGetTheSeqsOneTwoThreeOfTheRoomsEpoch() {
        RoomLogs logs = logs();
        RoomLogs.Head empty = logs.head("lobby");
        assertEquals(0, empty.lastSeq());

        RoomLogs.Posted first = logs.append("lobby", "alice", null, "one");
        RoomLogs.Posted second = logs.append("lobby", "bob", null, "two");
        logs.append("elsewhere", "alice", null, "own seqs");

        assertEquals(RoomLogs.Outcome.POSTED, first.outcome());
        assertEquals(List.of(1L, 2L), List.of(first.message().message().seq(), second.message().message().seq()));
        assertEquals(empty.epoch(), first.epoch());
        assertEquals(new RoomLogs.Head(empty.epoch(), 2), logs.head("lobby"));
        assertEquals(1, logs.head("elsewhere").lastSeq());
        assertEquals("bob", second.message().message().from());
        assertEquals("two", second.message().message().text());
    }

    @Test
    void eightThreadsAppendingTenThousandEachGetEverySeqOnce() throws Exception {
        RoomLogs logs = logs();
        List<Long> seqs = Concurrently.run(8, writer -> {
            List<Long> own = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                own.add(logs.append("busy", "u" + writer, null, "m").message().message().seq());
            }
            return own;
        });

        assertEquals(80_000, seqs.size());
        assertEquals(80_000, seqs.stream().distinct().count());
        assertEquals(1, seqs.stream().mapToLong(Long::longValue).min().orElseThrow());
        assertEquals(80_000, seqs.stream().mapToLong(Long::longValue).max().orElseThrow());
        assertEquals(80_000, logs.head("busy").lastSeq());
    }

    @Test
    void aClientIdIsAcceptedOncePerSender() {
        RoomLogs logs = logs();
        RoomLogs.Posted posted = logs.append("lobby", "alice", "m1", "hello");
        RoomLogs.Posted resent = logs.append("lobby", "alice", "m1", "hello");
        RoomLogs.Posted reused = logs.append("lobby", "alice", "m1", "something else");
        RoomLogs.Posted otherSender = logs.append("lobby", "bob", "m1", "hello");

        assertEquals(RoomLogs.Outcome.DUPLICATE, resent.outcome());
        assertEquals(posted.message().message().seq(), resent.message().message().seq());
        assertEquals(RoomLogs.Outcome.CONFLICT, reused.outcome());
        assertEquals("hello", reused.message().message().text());
        assertEquals(RoomLogs.Outcome.POSTED, otherSender.outcome());
        assertEquals(2, logs.head("lobby").lastSeq());
    }

    @Test
    void aResendRacingItselfIsPostedOnce() throws Exception {
        RoomLogs logs = logs();
        List<RoomLogs.Outcome> outcomes = Concurrently.run(8, writer -> List.of(
                logs.append("lobby", "alice", "same", "hello").outcome()));

        assertEquals(1, outcomes.stream().filter(outcome -> outcome == RoomLogs.Outcome.POSTED).count());
        assertEquals(7, outcomes.stream().filter(outcome -> outcome == RoomLogs.Outcome.DUPLICATE).count());
        assertEquals(1, logs.head("lobby").lastSeq());
    }

    @Test
    void aReplayInTheSameEpochIsRecoveredAndStopsAtUntil() {
        RoomLogs logs = logs();
        String epoch = logs.head("lobby").epoch();
        for (int i = 1; i <= 5; i++) {
            logs.append("lobby", "alice", null, "m" + i);
        }

        RoomLogs.Replay replay = logs.since("lobby", epoch, 2, 4);

        assertTrue(replay.recovered());
        assertEquals(2, replay.after());
        assertEquals(epoch, replay.epoch());
        assertEquals(List.of("m3", "m4"), replay.messages().stream().map(m -> m.message().text()).toList());
        assertEquals(List.of(), logs.since("lobby", epoch, 5, 5).messages());
        assertTrue(logs.since("lobby", epoch, 5, 5).recovered());
    }

    @Test
    void aSeqOfAnotherEpochOrBeyondTheLogStartsOverAndIsNotRecovered() {
        RoomLogs logs = logs();
        String epoch = logs.head("lobby").epoch();
        logs.append("lobby", "alice", null, "m1");
        logs.append("lobby", "alice", null, "m2");

        RoomLogs.Replay otherEpoch = logs.since("lobby", "not-" + epoch, 1, 2);
        RoomLogs.Replay beyond = logs.since("lobby", null, 7, 2);
        RoomLogs.Replay withoutEpoch = logs.since("lobby", null, 1, 2);

        for (RoomLogs.Replay replay : List.of(otherEpoch, beyond)) {
            assertFalse(replay.recovered());
            assertEquals(0, replay.after());
            assertEquals(List.of("m1", "m2"), replay.messages().stream().map(m -> m.message().text()).toList());
            assertEquals(epoch, replay.epoch());
        }
        assertTrue(withoutEpoch.recovered());
        assertEquals(List.of("m2"), withoutEpoch.messages().stream().map(m -> m.message().text()).toList());
    }

    @Test
    void roomsHaveEpochsOfTheirOwn() {
        RoomLogs logs = logs();
        assertNotEquals(logs.head("a").epoch(), logs.head("b").epoch());
    }
}
