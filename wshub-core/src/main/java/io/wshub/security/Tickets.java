package io.wshub.security;

import java.time.Instant;
import java.util.Optional;

/**
 * The one-time tickets not yet redeemed: each names the identity of the token that bought it, and is good once,
 * until it expires. {@link LocalTickets} keeps them in memory; a cluster store implements the same contract,
 * checked by {@code TicketsContract}, so that a ticket bought on one node is redeemed once on any. Implementations
 * are thread-safe, each call atomic, and bound what they hold in bytes.
 */
public interface Tickets {

    /** What became of a ticket to keep. */
    enum Kept { KEPT, USER_FULL, FULL }

    /**
     * Keeps a ticket for an identity until {@code expires}.
     *
     * @return {@code KEPT}; {@code USER_FULL} if the identity's user holds {@code perUser} unexpired tickets already;
     *         {@code FULL} if all tickets together would take the store past its bound (nothing kept either way)
     */
    Kept keep(String ticket, Identity identity, Instant expires, int perUser);

    /** Takes a ticket, once: its identity, or empty if it is unknown, taken already or expired. */
    Optional<Identity> take(String ticket);
}
