package io.wshub.security;

import io.wshub.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * With {@code auth=token}, the only way in: every connection and every HTTP publish must carry a token that
 * {@link TokenVerifier} accepts, and is refused with 401 otherwise; no later check is asked. Where a token can be:
 * <ul>
 * <li>a subprotocol {@value #BEARER_PROTOCOL}{@code <jwt>} offered next to {@value Subprotocols#V1} (browsers can set
 * no header on a WebSocket handshake); the server selects {@value Subprotocols#V1}, never the token's;</li>
 * <li>{@code Authorization: Bearer <jwt>};</li>
 * <li>the query parameter {@value #QUERY_PARAMETER}, only with {@code token-in-query=true}.</li>
 * </ul>
 * Instead of a token, a handshake may carry a one-time ticket in the query parameter {@value #TICKET_PARAMETER}
 * ({@link TicketOffice}); the handshake spends it, whether it then succeeds or not. A request carrying two different
 * tokens, or a token and a ticket, is refused: which one would it be? Thread-safe: stateless.
 */
@ApplicationScoped
public class TokenCheck implements HandshakeCheck {

    /** The prefix of the subprotocol that carries a token. */
    public static final String BEARER_PROTOCOL = "wshub.bearer.";

    /** The query parameter that carries a token when {@code token-in-query=true}. */
    public static final String QUERY_PARAMETER = "access_token";

    /** The query parameter that carries a one-time ticket. */
    public static final String TICKET_PARAMETER = "ticket";

    private static final String BEARER = "Bearer ";
    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer realm=\"wshub\"");
    private static final Map<String, String> INVALID = Map.of("WWW-Authenticate",
            "Bearer realm=\"wshub\", error=\"invalid_token\"");

    private final Settings settings;
    private final TokenVerifier verifier;
    private final TicketOffice tickets;

    /** For CDI's client proxy only. */
    protected TokenCheck() {
        this.settings = null;
        this.verifier = null;
        this.tickets = null;
    }

    @Inject
    public TokenCheck(Settings settings, TokenVerifier verifier, TicketOffice tickets) {
        this.settings = settings;
        this.verifier = verifier;
        this.tickets = tickets;
    }

    @Override
    public int order() {
        return 150;
    }

    @Override
    public Verdict check(AccessRequest request) {
        if (settings.auth() != Settings.AuthMode.TOKEN) {
            return Verdict.NEXT;
        }
        if (!settings.tokenInQuery() && request.queryValues(QUERY_PARAMETER) != null) {
            return new Refuse(401, "unauthorized", "tokens in the query are off on this server (token-in-query); "
                    + "send it as a subprotocol " + BEARER_PROTOCOL + "<token> or in Authorization: Bearer",
                    INVALID);
        }
        Set<String> tokens = new LinkedHashSet<>(offered(request));
        List<String> ticket = request.purpose() == AccessRequest.Purpose.CONNECT
                ? request.queryValues(TICKET_PARAMETER) : null;
        if (ticket != null) {
            if (!tokens.isEmpty() || ticket.size() != 1) {
                return new Refuse(401, "unauthorized", "a ticket or a token, once", INVALID);
            }
            return tickets.redeem(ticket.get(0)).<Verdict>map(Verdict::permit).orElseGet(() -> new Refuse(401,
                    "unauthorized", "the ticket is unknown, used or expired: buy a new one", INVALID));
        }
        if (tokens.isEmpty()) {
            return new Refuse(401, "unauthorized", "a token is required: a subprotocol " + BEARER_PROTOCOL
                    + "<token> next to " + Subprotocols.V1 + ", or Authorization: Bearer <token>, or a ticket",
                    CHALLENGE);
        }
        if (tokens.size() > 1) {
            return new Refuse(401, "unauthorized", "more than one token", INVALID);
        }
        try {
            return Verdict.permit(verifier.verify(tokens.iterator().next()));
        } catch (TokenRejectedException e) {
            return new Refuse(401, "unauthorized", e.getMessage(), INVALID);
        }
    }

    private List<String> offered(AccessRequest request) {
        List<String> tokens = new ArrayList<>();
        if (request.purpose() == AccessRequest.Purpose.CONNECT) {
            for (String header : request.headers("Sec-WebSocket-Protocol")) {
                for (String protocol : header.split(",")) {
                    String trimmed = protocol.trim();
                    if (trimmed.startsWith(BEARER_PROTOCOL)) {
                        tokens.add(trimmed.substring(BEARER_PROTOCOL.length()));
                    }
                }
            }
        }
        for (String authorization : request.headers("Authorization")) {
            if (authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                tokens.add(authorization.substring(BEARER.length()).trim());
            }
        }
        List<String> inQuery = request.queryValues(QUERY_PARAMETER);
        if (inQuery != null) {
            tokens.addAll(inQuery);
        }
        return tokens;
    }
}
