package io.wshub.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sells and redeems one-time tickets: for a page that must not hold a long-lived token, its server buys a ticket with
 * the token ({@code POST /api/ticket}) and hands it to the page, which connects with {@code ?ticket=}. A ticket is
 * 256 random bits, good once, for {@link #LIFETIME} or until the token's {@code exp}, whichever is sooner; the
 * connection it opens has the token's identity, claims and expiry. Thread-safe: the store is.
 */
@ApplicationScoped
public class TicketOffice {

    /** How long a ticket is good for. */
    public static final Duration LIFETIME = Duration.ofSeconds(30);

    /** Unredeemed tickets one user may hold at once. */
    public static final int PER_USER = 16;

    /** What the unredeemed tickets of everybody together may add up to, in characters of their identities. */
    public static final long TOTAL_CHARS = 4L * 1024 * 1024;

    private static final Pattern TICKET = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** What a sale gives. */
    public sealed interface Sale {
    }

    /** A ticket, and when it expires. */
    public record Sold(String ticket, Instant expires) implements Sale {
    }

    /** No ticket: the user holds {@link #PER_USER} already ({@code perUser}), or the store is full. */
    public record Refused(boolean perUser) implements Sale {
    }

    private final Tickets tickets;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** For CDI's client proxy only. */
    protected TicketOffice() {
        this.tickets = null;
        this.clock = null;
    }

    @Inject
    public TicketOffice(Tickets tickets, Clock clock) {
        this.tickets = tickets;
        this.clock = clock;
    }

    public Sale sell(Identity identity) {
        byte[] bits = new byte[32];
        random.nextBytes(bits);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
        Instant expires = clock.instant().plus(LIFETIME);
        if (identity.expiry() != null && identity.expiry().isBefore(expires)) {
            expires = identity.expiry();
        }
        return switch (tickets.keep(ticket, identity, expires, PER_USER)) {
            case KEPT -> new Sold(ticket, expires);
            case USER_FULL -> new Refused(true);
            case FULL -> new Refused(false);
        };
    }

    /** The identity a ticket was sold to, once; empty for a ticket unknown, redeemed already, expired or malformed. */
    public Optional<Identity> redeem(String ticket) {
        if (ticket == null || !TICKET.matcher(ticket).matches()) {
            return Optional.empty();
        }
        return tickets.take(ticket);
    }
}
