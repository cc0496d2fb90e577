package io.wshub.json;

import jakarta.websocket.DecodeException;

/**
 * A client message that could not be decoded, with what to answer it. A {@link DecodeException}, so that every
 * container hands it to {@code @OnError} and keeps the connection open (a raw runtime exception from a decoder
 * closes the connection with 1006 on Tomcat). Immutable.
 */
public class RejectedMessageException extends DecodeException {

    private final transient ErrorMessage answer;

    public RejectedMessageException(String text, ErrorMessage answer, Throwable cause) {
        super(text, answer.message(), cause);
        this.answer = answer;
    }

    /** The error message to send back to the client. */
    public ErrorMessage answer() {
        return answer;
    }
}
