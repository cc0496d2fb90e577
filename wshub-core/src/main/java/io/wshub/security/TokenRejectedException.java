package io.wshub.security;

/** A token that does not prove an identity; the message says why, in words a client may be shown. */
public class TokenRejectedException extends Exception {

    public TokenRejectedException(String message) {
        super(message);
    }
}
