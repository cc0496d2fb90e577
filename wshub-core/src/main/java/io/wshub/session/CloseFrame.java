package io.wshub.session;

import java.nio.charset.StandardCharsets;

/**
 * What a connection is closed with: a close code of RFC 6455 (7.4) and a reason for people, which fits a close frame
 * (at most 123 bytes of UTF-8). Independent of any transport: a WebSocket session sends it as its close frame.
 */
public record CloseFrame(int code, String reason) {

    private static final int MAX_REASON_BYTES = 123;

    public CloseFrame {
        if (code < 1000 || code > 4999) {
            throw new IllegalArgumentException("not a close code: " + code);
        }
        if (reason.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            throw new IllegalArgumentException("a close reason is at most 123 bytes: " + reason);
        }
    }
}
