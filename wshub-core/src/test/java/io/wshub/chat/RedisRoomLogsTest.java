package io.wshub.chat;

import io.wshub.testing.MutableClock;
import io.wshub.testing.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class RedisRoomLogsTest extends RoomLogsContract {

    @RegisterExtension
    static final RedisServer.Extension REDIS = new RedisServer.Extension();

    @Override
    protected RoomLogs logs() {
        return new RedisRoomLogs(REDIS.server().fresh(), new RedisRoomLogs.Limits(100, Duration.ofHours(1)),
                new MutableClock());
    }

    @Test
    void twoNodesAppendToOneLogAndTheStreamKeepsTheNewestHistorySizeMessages() {
        MutableClock clock = new MutableClock();
        RoomLogs nodeA = new RedisRoomLogs(REDIS.server().fresh(), new RedisRoomLogs.Limits(3, Duration.ofHours(1)), clock);
        RoomLogs nodeB = new RedisRoomLogs(REDIS.server().anotherNode(), new RedisRoomLogs.Limits(3, Duration.ofHours(1)),
                clock);
        String epoch = nodeA.head("r").epoch();
        for (int i = 1; i <= 5; i++) {
            (i % 2 == 0 ? nodeB : nodeA).append("r", "u" + i, "c" + i, "m" + i);
        }

        RoomLogs.Replay replay = nodeB.since("r", epoch, 0, 5);
        assertEquals(List.of("m3", "m4", "m5"), replay.messages().stream().map(m -> m.message().text()).toList());
        assertFalse(replay.recovered(), "m1 and m2 are gone");
        assertEquals(RoomLogs.Outcome.POSTED, nodeA.append("r", "u1", "c1", "m1 again").outcome(),
                "a client id is remembered while its message is kept");
        assertEquals(RoomLogs.Outcome.DUPLICATE, nodeA.append("r", "u5", "c5", "m5").outcome());
    }

    @Test
    void messagesOlderThanTheAgeAreNotReplayedAndARedisThatLostItsDataStartsANewEpoch() {
        MutableClock clock = new MutableClock();
        RoomLogs logs = new RedisRoomLogs(REDIS.server().fresh(), new RedisRoomLogs.Limits(100, Duration.ofMinutes(10)),
                clock);
        String epoch = logs.head("r").epoch();
        logs.append("r", "alice", null, "old");
        clock.advance(Duration.ofMinutes(11));
        logs.append("r", "alice", null, "new");

        RoomLogs.Replay replay = logs.since("r", epoch, 0, 2);
        assertEquals(List.of("new"), replay.messages().stream().map(m -> m.message().text()).toList());
        assertFalse(replay.recovered());

        REDIS.server().fresh();
        RoomLogs.Replay afterLoss = logs.since("r", epoch, 2, 2);
        assertNotEquals(epoch, afterLoss.epoch());
        assertFalse(afterLoss.recovered());
        assertEquals(1, logs.append("r", "alice", null, "first of the new epoch").message().message().seq());
    }
}
