package io.wshub.json;

/** The error codes every JSON endpoint may answer with (docs/protocol.md lists them). */
public final class ErrorCode {

    /** Not JSON, not an object, no {@code type}, or fields of the wrong shape. */
    public static final String BAD_REQUEST = "bad-request";
    /** A {@code type} this endpoint does not know. */
    public static final String UNKNOWN_TYPE = "unknown-type";

    /** The connection sent faster than {@code message-rate} allows; the message was not carried out. */
    public static final String RATE_LIMITED = "rate-limited";

    private ErrorCode() {
    }
}
