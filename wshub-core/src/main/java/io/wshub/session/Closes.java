package io.wshub.session;

import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;

/** The close reasons wshub sends, named once so that code, tests and docs/protocol.md agree. */
public final class Closes {

    public static final CloseReason NORMAL = new CloseReason(CloseCodes.NORMAL_CLOSURE, "bye");
    public static final CloseReason GOING_AWAY = new CloseReason(CloseCodes.GOING_AWAY, "server shutting down");
    public static final CloseReason TOO_BIG = new CloseReason(CloseCodes.TOO_BIG, "message too big");
    public static final CloseReason TEXT_ONLY =
            new CloseReason(CloseCodes.CANNOT_ACCEPT, "this endpoint accepts text messages only");
    public static final CloseReason NO_PONG = new CloseReason(CloseCodes.GOING_AWAY, "no answer to two pings");
    public static final CloseReason TOO_MANY_INVALID =
            new CloseReason(CloseCodes.VIOLATED_POLICY, "too many invalid messages");
    public static final CloseReason SLOW_CONSUMER = new CloseReason(CloseCodes.TRY_AGAIN_LATER, "slow consumer");
    public static final CloseReason SEND_FAILED = new CloseReason(CloseCodes.UNEXPECTED_CONDITION, "send failed");
    public static final CloseReason NO_IDENTITY =
            new CloseReason(CloseCodes.UNEXPECTED_CONDITION, "no identity from the handshake");

    private Closes() {
    }
}
