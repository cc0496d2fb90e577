package io.wshub.chat;

import io.wshub.security.Identity;

/**
 * Who may join a room, post in it and read its history. wshub's own, {@link ClaimsRoomPolicy}, applies the identity's
 * {@code rooms} claim; an application decides otherwise with a bean of its own implementing this interface, enabled
 * as an alternative ({@code @Alternative @Priority(...)}). Asked on every join, post and resume: implementations are
 * thread-safe and quick.
 */
public interface RoomPolicy {

    /** What a connection wants to do in a room. */
    enum Action { JOIN, POST, READ_HISTORY }

    boolean allows(Identity identity, String room, Action action);
}
