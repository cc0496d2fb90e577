package io.wshub.security;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who is on the other end of a connection, decided once at the handshake by the {@link HandshakeChecks} and never
 * taken from a message. Immutable.
 *
 * @param user      the name messages are attributed to and routed by: {@link #isUsableName usable}
 * @param anonymous true when the handshake named nobody and the server made the name up
 * @param expiry    when the identity stops being valid (a token's {@code exp}), or null for never
 * @param claims    what the check that permitted it knew besides the name (a token's claims): at most
 *                  {@value #MAX_CLAIMS}, each name and value at most {@value #MAX_CLAIM_LENGTH} characters
 */
public record Identity(String user, boolean anonymous, Instant expiry, Map<String, String> claims) {

    /** The key under which the handshake leaves the identity in the session's user properties. */
    public static final String PROPERTY = "io.wshub.identity";

    public static final int MAX_NAME_LENGTH = 256;
    public static final int MAX_CLAIMS = 32;
    public static final int MAX_CLAIM_LENGTH = 256;

    /** What {@link #isUsableName} asks, in words. */
    public static final String USABLE_NAME_RULE = "1 to " + MAX_NAME_LENGTH + " characters, none a control character";

    /** A user name given in the handshake's query: 1 to 32 letters, digits, '_', '.' or '-'. */
    private static final Pattern QUERY_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

    public Identity {
        if (!isUsableName(user)) {
            throw new IllegalArgumentException("not a usable user name: " + USABLE_NAME_RULE);
        }
        claims = Map.copyOf(claims);
        if (claims.size() > MAX_CLAIMS) {
            throw new IllegalArgumentException("more than " + MAX_CLAIMS + " claims");
        }
        claims.forEach((name, value) -> {
            if (name.length() > MAX_CLAIM_LENGTH || value.length() > MAX_CLAIM_LENGTH) {
                throw new IllegalArgumentException("a claim longer than " + MAX_CLAIM_LENGTH + " characters");
            }
        });
    }

    /** An identity that does not expire and has no claims. */
    public Identity(String user, boolean anonymous) {
        this(user, anonymous, null, Map.of());
    }

    /** What the identity counts for against a byte budget: the characters of its strings, and 64 for the rest. */
    public long chars() {
        long chars = 64 + user.length();
        for (Map.Entry<String, String> claim : claims.entrySet()) {
            chars += claim.getKey().length() + claim.getValue().length();
        }
        return chars;
    }

    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiry);
    }

    /**
     * Whether a name can be a user's: what every rule that hands out identities gives, so a private message can be
     * addressed to anyone who can connect. Valid Unicode (no lone surrogate), without control characters.
     */
    public static boolean isUsableName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a name may be given in the handshake's {@code user} query parameter. */
    public static boolean isQueryName(String name) {
        return name != null && QUERY_NAME.matcher(name).matches();
    }

    /** Without the claims, which can be personal data and have no place in a log line. */
    @Override
    public String toString() {
        return "Identity[" + user + (anonymous ? ", anonymous" : "") + (expiry == null ? "" : ", until " + expiry)
                + "]";
    }
}
