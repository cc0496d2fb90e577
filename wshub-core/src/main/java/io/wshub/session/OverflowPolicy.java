package io.wshub.session;

/** What a connection's {@link Outbox} does when a message arrives and its queue is full. */
public enum OverflowPolicy {
    /** Discard the oldest queued message to make room: for feeds, where the newest item matters most. */
    DROP_OLDEST,
    /** Close the connection with 1013 "slow consumer": for chat, where a gap would go unnoticed. */
    CLOSE
}
