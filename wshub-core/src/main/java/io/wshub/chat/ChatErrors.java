package io.wshub.chat;

/** The error codes of the chat endpoints, besides {@link io.wshub.json.ErrorCode}'s (docs/protocol.md lists them). */
public final class ChatErrors {

    /** The command names a room this connection has not joined. */
    public static final String NOT_IN_ROOM = "not-in-room";
    /** The text is longer than {@code max-text-length}. */
    public static final String TOO_LONG = "too-long";
    /** A room name that is not 1 to 64 of letters, digits, '_', '.', '-'. */
    public static final String INVALID_ROOM = "invalid-room";
    /** A recipient name that is not a valid user name. */
    public static final String INVALID_USER = "invalid-user";
    /** With auth token or container: the recipient never connected, so no message is kept for them. */
    public static final String UNKNOWN_USER = "unknown-user";
    /** The offline recipient's mailbox holds {@code mailbox-size} messages; this one was not kept. */
    public static final String MAILBOX_FULL = "mailbox-full";
    /** The client id was already used by this sender for a different message, which stands; this one was not posted. */
    public static final String ID_REUSED = "id-reused";
    /** The room policy does not let this identity do that in that room (the token's {@code rooms} claim). */
    public static final String FORBIDDEN = "forbidden";
    /** Joining would put the connection in more than {@code max-rooms-per-connection} rooms. */
    public static final String TOO_MANY_ROOMS = "too-many-rooms";

    private ChatErrors() {
    }
}
