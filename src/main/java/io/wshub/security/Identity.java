package io.wshub.security;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who is on the other end of a connection, decided once at the handshake and never taken from a message.
 * Immutable.
 *
 * @param user      the name messages are attributed to and routed by
 * @param anonymous true when the handshake named nobody and the server made the name up
 */
public record Identity(String user, boolean anonymous) {

    /** The key under which the handshake leaves the identity in the session's user properties. */
    public static final String PROPERTY = "io.wshub.identity";

    /** A user name given in the handshake's query: 1 to 32 letters, digits, '_', '.' or '-'. */
    public static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

    public Identity {
        Objects.requireNonNull(user);
    }

    public static boolean isValidName(String name) {
        return name != null && VALID_NAME.matcher(name).matches();
    }
}
