package io.wshub.security;

import java.util.Arrays;

/**
 * The claims wshub reads from an identity (a token's, or the container's roles mapped onto them). A list claim is
 * kept as its entries joined by commas: entries are room or topic names, which have no commas, or patterns ending in
 * {@code *} ({@code team-*}: every name that starts with {@code team-}; {@code *} alone: every name).
 */
public final class Claims {

    /** The rooms a user may join and post in. */
    public static final String ROOMS = "rooms";

    /** The feed topics the holder may publish to over HTTP. */
    public static final String PUBLISH = "publish";

    /** "true" for an administrator (metrics, admin page). */
    public static final String ADMIN = "admin";

    private Claims() {
    }

    /** Whether a comma-joined list of names and patterns allows {@code name}; a missing list allows nothing. */
    public static boolean allows(String patterns, String name) {
        if (patterns == null || name == null) {
            return false;
        }
        return Arrays.stream(patterns.split(",")).anyMatch(pattern -> pattern.endsWith("*")
                ? name.startsWith(pattern.substring(0, pattern.length() - 1))
                : pattern.equals(name));
    }
}
