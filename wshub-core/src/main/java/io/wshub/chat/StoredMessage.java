package io.wshub.chat;

import io.wshub.chat.message.ChatEvent;

import java.time.Instant;

/**
 * A room message as kept in the history: the message, and when it was accepted. It is kept typed, not encoded:
 * each delivery and replay writes it in its connections' wire format. Immutable.
 */
public record StoredMessage(ChatEvent.Message message, Instant at) {

    /** What a kept message counts for beyond its strings: its seq, its time and the record around them. */
    static final int OVERHEAD = 64;

    /** What this message counts for against {@code history-total-bytes}: the characters of its strings, and more. */
    long chars() {
        ChatEvent.Message m = message;
        return OVERHEAD + (long) m.room().length() + m.from().length() + m.text().length() + m.ts().length()
                + (m.id() == null ? 0 : m.id().length());
    }
}
