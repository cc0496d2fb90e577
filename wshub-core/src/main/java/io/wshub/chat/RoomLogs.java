package io.wshub.chat;

import java.util.List;

/**
 * The ordered, bounded log of every room. Each room's log has an epoch, made at random when the log is created, so
 * that a seq names one message only together with it: a log that was dropped or lost starts over under a new epoch,
 * which tells a resuming client that what it saw is gone. {@link LocalRoomLogs} keeps the logs in memory; a cluster
 * store implements the same contract, checked by {@code RoomLogsContract}.
 * <p>
 * Implementations are thread-safe, and each call is atomic: the appends to one room get the seqs 1, 2, 3, ... of
 * its epoch without gap or repeat, whoever appends, and a client id is accepted once per sender while its message
 * is kept. Delivering the messages in seq order is the {@link io.wshub.broker.LocalDelivery}'s job, not the
 * caller's.
 * <p>
 * The {@code store} setting chooses the implementation ({@link io.wshub.store.Stores}).
 */
public interface RoomLogs {

    /** A room's log as it stands: its epoch, and the seq of its latest message (0 before the first). */
    record Head(String epoch, long lastSeq) {
    }

    /** What {@link #append} did. */
    enum Outcome { POSTED, DUPLICATE, CONFLICT }

    /**
     * The outcome of {@link #append}.
     *
     * @param message the new message, or for a duplicate or conflict the earlier one with that client id
     * @param epoch   the epoch its seq counts in
     */
    record Posted(StoredMessage message, String epoch, Outcome outcome) {
    }

    /**
     * The outcome of {@link #since}.
     *
     * @param epoch     the room's epoch now
     * @param after     the seq the replay starts after: the one asked for, or 0 when the log is not the one asked
     *                  about
     * @param messages  the kept messages with {@code after < seq <= until}, in order
     * @param recovered true if those are all the room had after the seq asked for, in the epoch asked about
     */
    record Replay(String epoch, long after, List<StoredMessage> messages, boolean recovered) {
    }

    /** Where a room's log stands; a room without a log gets one. */
    Head head(String room);

    /**
     * Appends a message with the room's next seq, unless the same sender already had a message with the same client
     * id accepted while it is still kept: then that earlier message comes back, as a {@code DUPLICATE} when its text
     * is the same (a resend), as a {@code CONFLICT} when it is not (an id reused for something else).
     *
     * @param clientId the sender's id for the message, or null
     */
    Posted append(String room, String sender, String clientId, String text);

    /**
     * The kept messages after a client's last seen one, up to {@code until}. A seq counts only in its epoch: when
     * {@code epoch} is not the room's (or, without an epoch, {@code after} is beyond the room's last seq, so the log
     * it came from is gone too), the replay starts over from what is kept, and is not {@code recovered}.
     *
     * @param epoch the epoch the client's seq counts in, or null if it does not know
     */
    Replay since(String room, String epoch, long after, long until);
}
