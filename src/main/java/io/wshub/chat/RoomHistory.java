package io.wshub.chat;

import java.util.function.Function;

/**
 * The ordered, bounded log of every room, and the lock that keeps one room's messages in one order everywhere.
 * {@link LocalRoomHistory} keeps it in memory; a cluster store replaces it by configuration.
 * Implementations are thread-safe.
 */
public interface RoomHistory {

    /**
     * Runs an action with the room's log held exclusively: whatever the action appends, reads and publishes is
     * ordered against every other action on the same room. Actions must not block; publishing to outboxes is fine.
     */
    <T> T inRoom(String room, Function<RoomLog, T> action);
}
