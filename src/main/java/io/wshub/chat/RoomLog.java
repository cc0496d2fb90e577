package io.wshub.chat;

import java.util.List;

/** One room's log, used only inside {@link RoomHistory#inRoom}, which serializes access to it. */
public interface RoomLog {

    /** The seq of the room's latest message, 0 before the first. */
    long lastSeq();

    /**
     * Appends a message with the next seq, unless the same sender already had a message with the same client id
     * accepted while it is still in the history: then that earlier message comes back, marked as a duplicate.
     */
    Appended append(String sender, String clientId, String text);

    /**
     * The kept messages with {@code after < seq <= until}, in order; {@code recovered} is false when some of them are
     * no longer kept.
     */
    Replay replay(long after, long until);

    /** The outcome of {@link #append}: the stored message, encoded once, and whether it was already there. */
    record Appended(StoredMessage message, boolean duplicate) {
    }

    /** The outcome of {@link #replay}. */
    record Replay(List<StoredMessage> messages, boolean recovered) {
    }
}
