package io.wshub.security;

import io.wshub.config.Settings;
import io.wshub.testing.Access;
import io.wshub.testing.MutableClock;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class HttpTicketsTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private final MutableClock clock = new MutableClock();
    private final Settings settings = settings("token");
    private final TicketOffice office = new TicketOffice(new LocalTickets(TicketOffice.TOTAL_CHARS, clock), clock);
    private final HandshakeChecks checks = Access.checks(settings, office);
    private final HttpTickets tickets = new HttpTickets(settings, checks, office);

    private static Settings settings(String auth) {
        return new Settings(Map.of("WSHUB_AUTH", auth, "WSHUB_TOKEN_SECRET", SECRET)::get, new Properties());
    }

    private static String token(String subject, Duration lifetime) {
        return new TokenSigner(SECRET, Optional.empty(), Optional.empty()).sign(subject,
                new TokenSigner.Grant(List.of("lobby"), List.of(), false), Instant.now(), lifetime);
    }

    private HttpAnswer buy(String token) {
        return tickets.post(Access.ticketRequest(Map.of(), "Authorization", "Bearer " + token));
    }

    private static JsonObject json(HttpAnswer answer) {
        return Json.createReader(new StringReader(answer.body())).readObject();
    }

    private HandshakeCheck.Verdict connect(String ticket, String... headers) {
        return checks.decide(Access.handshake(Map.of("ticket", List.of(ticket)), null, headers));
    }

    private String ticket(String token) {
        HttpAnswer sold = buy(token);
        assertEquals(200, sold.status(), sold.body());
        return json(sold).getString("ticket");
    }

    @Test
    void aTicketBoughtWithATokenOpensOneConnectionAsTheTokensUserWithItsClaimsAndExpiry() throws Exception {
        String token = token("alice", Duration.ofHours(1));
        HttpAnswer sold = buy(token);

        assertEquals(200, sold.status());
        assertEquals("no-store", sold.headers().get("Cache-Control"));
        JsonObject body = json(sold);
        assertEquals(clock.instant().plusSeconds(30).toString(), body.getString("expires"));
        assertEquals(43, body.getString("ticket").length());

        Identity identity = ((HandshakeCheck.Permit) connect(body.getString("ticket"))).identity();
        assertEquals("alice", identity.user());
        assertEquals("lobby", identity.claims().get(Claims.ROOMS));
        assertEquals(new TokenVerifier(settings).verify(token).expiry(), identity.expiry());

        HandshakeCheck.Refuse again = assertInstanceOf(HandshakeCheck.Refuse.class, connect(body.getString("ticket")));
        assertEquals(401, again.status());
        assertEquals("the ticket is unknown, used or expired: buy a new one", again.message());
    }

    @Test
    void aTicketIsGoodForThirtySecondsOrUntilItsTokenExpires() throws Exception {
        String ticket = ticket(token("alice", Duration.ofHours(1)));
        clock.advance(Duration.ofSeconds(30));
        assertEquals(401, assertInstanceOf(HandshakeCheck.Refuse.class, connect(ticket)).status());

        Clock now = Clock.fixed(Instant.now(), ZoneOffset.UTC);
        TicketOffice realTime = new TicketOffice(new LocalTickets(TicketOffice.TOTAL_CHARS, now), now);
        String shortLived = token("alice", Duration.ofSeconds(10));
        HttpAnswer sold = new HttpTickets(settings, Access.checks(settings, realTime), realTime)
                .post(Access.ticketRequest(Map.of(), "Authorization", "Bearer " + shortLived));
        assertEquals(new TokenVerifier(settings).verify(shortLived).expiry().toString(),
                json(sold).getString("expires"));
    }

    @Test
    void noTicketWithoutAValidTokenAndATicketBuysNoTicket() {
        HttpAnswer none = tickets.post(Access.ticketRequest(Map.of()));
        assertEquals(401, none.status());
        assertEquals("unauthorized", json(none).getString("error"));
        assertEquals(401, buy(token("alice", Duration.ofHours(1)) + "x").status());

        String ticket = ticket(token("alice", Duration.ofHours(1)));
        assertEquals(401, tickets.post(Access.ticketRequest(Map.of("ticket", List.of(ticket)))).status());
        assertEquals(401, tickets.post(Access.ticketRequest(Map.of(),
                "Sec-WebSocket-Protocol", "wshub.v1, wshub.bearer." + token("alice", Duration.ofHours(1)))).status(),
                "the subprotocol carrier is for handshakes");
        assertInstanceOf(HandshakeCheck.Permit.class, connect(ticket), "the refused requests spent nothing");
    }

    @Test
    void aHandshakeWithATicketAndATokenOrTwoTicketsOrAMalformedOneIsRefused() {
        String alice = token("alice", Duration.ofHours(1));
        String ticket = ticket(alice);

        assertEquals(401, assertInstanceOf(HandshakeCheck.Refuse.class,
                connect(ticket, "Authorization", "Bearer " + alice)).status());
        assertEquals(401, assertInstanceOf(HandshakeCheck.Refuse.class, checks.decide(Access.handshake(
                Map.of("ticket", List.of(ticket, ticket)), null))).status());
        assertEquals(401, assertInstanceOf(HandshakeCheck.Refuse.class, connect("../../etc")).status());
        assertEquals(401, assertInstanceOf(HandshakeCheck.Refuse.class, connect("")).status());
    }

    @Test
    void aUserHoldsAtMostSixteenUnusedTicketsAndIsToldWhenToTryAgain() {
        String alice = token("alice", Duration.ofHours(1));
        for (int i = 0; i < TicketOffice.PER_USER; i++) {
            assertEquals(200, buy(alice).status());
        }
        HttpAnswer refused = buy(alice);
        assertEquals(429, refused.status());
        assertEquals("too-many-tickets", json(refused).getString("error"));
        assertEquals("30", refused.headers().get("Retry-After"));
        assertEquals(200, buy(token("bob", Duration.ofHours(1))).status());

        clock.advance(Duration.ofSeconds(30));
        assertEquals(200, buy(alice).status());
    }

    @Test
    void withoutTokenAuthThereAreNoTickets() {
        for (String auth : List.of("open", "container")) {
            HttpTickets closed = new HttpTickets(settings(auth), Access.checks(settings(auth), office), office);
            HttpAnswer answer = closed.post(Access.ticketRequest(Map.of(), "Authorization",
                    "Bearer " + token("alice", Duration.ofHours(1))));
            assertEquals(404, answer.status());
            assertEquals("not-found", json(answer).getString("error"));
        }
        assertEquals(403, assertInstanceOf(HandshakeCheck.Refuse.class, Access.checks(settings("open"), office)
                .decide(Access.handshake(Map.of("ticket", List.of(ticket(token("x", Duration.ofHours(1))))), null,
                        "Origin", "https://evil.example", "Host", "localhost"))).status(),
                "the ticket carrier is not a way around the origin check");
    }
}
