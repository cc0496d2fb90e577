package io.wshub.chat;

import java.util.List;

/** One room's log, used only inside {@link RoomHistory#inRoom}, which serializes access to it. */
public interface RoomLog {

    /**
     * The log's epoch: made at random when the log was created, so that a seq names one message only together with
     * it. A room whose log was dropped (empty and unoccupied), or lost with a restart, has a new epoch.
     */
    String epoch();

    /** The seq of the room's latest message, 0 before the first. */
    long lastSeq();

    /**
     * Appends a message with the next seq, unless the same sender already had a message with the same client id
     * accepted while it is still in the history: then that earlier message comes back, as a {@code DUPLICATE} when
     * its text is the same (a resend), as a {@code CONFLICT} when it is not (an id reused for something else).
     */
    Appended append(String sender, String clientId, String text);

    /**
     * The kept messages with {@code after < seq <= until}, in order; {@code recovered} is false when some of them are
     * no longer kept.
     */
    Replay replay(long after, long until);

    /** What {@link #append} did. */
    enum Outcome { POSTED, DUPLICATE, CONFLICT }

    /** The outcome of {@link #append}: the stored message, encoded once, and whether it is new. */
    record Appended(StoredMessage message, Outcome outcome) {
    }

    /** The outcome of {@link #replay}. */
    record Replay(List<StoredMessage> messages, boolean recovered) {
    }
}
