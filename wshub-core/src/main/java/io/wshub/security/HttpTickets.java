package io.wshub.security;

import io.wshub.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;

import java.util.Map;

/**
 * {@code POST /api/ticket}, whatever serves the HTTP: with {@code auth=token}, a caller whose token the
 * {@link HandshakeChecks} accept (in {@code Authorization: Bearer}) buys a one-time ticket from the
 * {@link TicketOffice}: {@code 200 {"ticket":"...","expires":"..."}}. The request body is not read. Thread-safe:
 * stateless.
 */
@ApplicationScoped
public class HttpTickets {

    private static final String RETRY = String.valueOf(TicketOffice.LIFETIME.toSeconds());

    private final Settings settings;
    private final HandshakeChecks checks;
    private final TicketOffice office;

    /** For CDI's client proxy only. */
    protected HttpTickets() {
        this(null, null, null);
    }

    @Inject
    public HttpTickets(Settings settings, HandshakeChecks checks, TicketOffice office) {
        this.settings = settings;
        this.checks = checks;
        this.office = office;
    }

    /** @param access the request, of purpose {@link AccessRequest.Purpose#TICKET} */
    public HttpAnswer post(AccessRequest access) {
        if (settings.auth() != Settings.AuthMode.TOKEN) {
            return HttpAnswer.error(404, "not-found", "tickets are sold only with auth=token");
        }
        HandshakeCheck.Verdict verdict = checks.decide(access);
        if (verdict instanceof HandshakeCheck.Refuse refused) {
            return HttpAnswer.refused(refused);
        }
        TicketOffice.Sale sale = office.sell(((HandshakeCheck.Permit) verdict).identity());
        if (sale instanceof TicketOffice.Refused refused) {
            return refused.perUser()
                    ? HttpAnswer.error(429, "too-many-tickets", "this user holds " + TicketOffice.PER_USER
                            + " unused tickets; use one or let them expire", Map.of("Retry-After", RETRY))
                    : HttpAnswer.error(503, "too-many-tickets", "the server holds as many tickets as it may; "
                            + "try again later", Map.of("Retry-After", RETRY));
        }
        TicketOffice.Sold sold = (TicketOffice.Sold) sale;
        String body = Json.createObjectBuilder().add("ticket", sold.ticket())
                .add("expires", sold.expires().toString()).build().toString();
        return new HttpAnswer(200, body, Map.of("Cache-Control", "no-store"));
    }
}
