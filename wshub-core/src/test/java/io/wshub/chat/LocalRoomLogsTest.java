package io.wshub.chat;

import io.wshub.testing.MutableClock;

import java.time.Duration;

class LocalRoomLogsTest extends RoomLogsContract {

    @Override
    protected RoomLogs logs() {
        return new LocalRoomLogs(new LocalRoomLogs.Limits(100, Duration.ofHours(1), 100_000, Long.MAX_VALUE),
                new MutableClock(), room -> true);
    }
}
