package io.wshub.session;

/** The close reasons wshub sends, named once so that code, tests and docs/protocol.md agree. */
public final class Closes {

    public static final CloseFrame NORMAL = new CloseFrame(1000, "bye");
    public static final CloseFrame GOING_AWAY = new CloseFrame(1001, "server shutting down");
    public static final CloseFrame TOO_BIG = new CloseFrame(1009, "message too big");
    public static final CloseFrame TEXT_ONLY = new CloseFrame(1003, "this endpoint accepts text messages only");
    public static final CloseFrame NO_PONG = new CloseFrame(1001, "no answer to two pings");
    public static final CloseFrame TOO_MANY_INVALID = new CloseFrame(1008, "too many invalid messages");
    public static final CloseFrame SLOW_CONSUMER = new CloseFrame(1013, "slow consumer");
    public static final CloseFrame SEND_FAILED = new CloseFrame(1011, "send failed");
    public static final CloseFrame TOKEN_EXPIRED = new CloseFrame(1008, "token expired");
    public static final CloseFrame ANOTHER_USERS_TOKEN = new CloseFrame(1008, "token of another user");
    public static final CloseFrame LOGGED_OUT = new CloseFrame(1008, "logged out");
    public static final CloseFrame NO_IDENTITY = new CloseFrame(1011, "no identity from the handshake");

    private Closes() {
    }
}
