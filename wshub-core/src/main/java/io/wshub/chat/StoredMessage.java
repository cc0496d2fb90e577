package io.wshub.chat;

import io.wshub.chat.message.ChatEvent;

import java.time.Instant;

/**
 * A room message as kept in the history: the message, its JSON (encoded once, for delivery and every replay), and
 * when it was accepted. Immutable.
 */
public record StoredMessage(ChatEvent.Message message, String json, Instant at) {
}
