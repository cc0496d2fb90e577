package io.wshub.security;

import io.wshub.chat.ClaimsRoomPolicy;
import io.wshub.config.Settings;
import io.wshub.testing.Access;
import org.junit.jupiter.api.Test;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandshakeChecksTest {

    private static HandshakeChecks checks(Map<String, String> environment) {
        return Access.checks(new Settings(environment::get, new Properties()));
    }

    private final HandshakeChecks defaults = checks(Map.of());

    private static AccessRequest asking(List<String> users, Principal principal, String... headers) {
        return Access.handshake(users == null ? Map.of() : Map.of("user", users), principal, headers);
    }

    private static Identity permitted(HandshakeCheck.Verdict verdict) {
        return assertInstanceOf(HandshakeCheck.Permit.class, verdict).identity();
    }

    private static HandshakeCheck.Refuse refused(HandshakeCheck.Verdict verdict) {
        return assertInstanceOf(HandshakeCheck.Refuse.class, verdict);
    }

    @Test
    void refusesInvalidOrRepeatedUserNamesAndForeignOrigins() {
        assertEquals(new Identity("alice.b_c-9", false), permitted(defaults.decide(asking(List.of("alice.b_c-9"),
                null))));
        for (List<String> bad : List.of(List.of(""), List.of("a".repeat(33)), List.of("bob smith"),
                List.of("élodie"), List.of("a", "b"))) {
            assertEquals(403, refused(defaults.decide(asking(bad, null))).status(), bad.toString());
        }
        HandshakeCheck.Refuse foreign = refused(defaults.decide(asking(null, null, "Origin", "https://evil.example",
                "Host", "localhost:8080")));
        assertEquals(403, foreign.status());
        assertTrue(foreign.message().contains("origin"), foreign.message());
    }

    @Test
    void anAuthenticatedRequestIsItsPrincipalWhateverTheQuerySays() {
        assertEquals(new Identity("carol", false), permitted(defaults.decide(asking(List.of("not valid!"),
                () -> "carol"))));
        assertEquals(new Identity("carol", false), permitted(defaults.decide(asking(List.of("mallory"),
                () -> "carol"))));
    }

    /** Before, such a principal could connect but never be whispered to: "to" took only query-style names. */
    @Test
    void aContainerUserNamedLikeAnEmailAddressIsUsableAndAnUnroutableNameIsRefused() {
        Identity carol = permitted(defaults.decide(asking(null, () -> "carol@example.com")));
        assertEquals("carol@example.com", carol.user());
        assertTrue(Identity.isUsableName(carol.user()));

        assertEquals(403, refused(defaults.decide(asking(null, () -> "carol\nadmin"))).status());
        assertEquals(403, refused(defaults.decide(asking(null, () -> "x".repeat(257)))).status());
        assertEquals(403, refused(defaults.decide(asking(null, () -> "\ud800"))).status());
    }

    @Test
    void theQueryParameterCanBeSwitchedOff() {
        HandshakeChecks closed = checks(Map.of("WSHUB_QUERY_USER", "false"));

        assertEquals(403, refused(closed.decide(asking(List.of("alice"), null))).status());
        assertTrue(permitted(closed.decide(asking(null, null))).anonymous());
    }

    @Test
    void namesAnonymousConnectionsUniquely() {
        Identity first = permitted(defaults.decide(asking(null, null)));
        Identity second = permitted(defaults.decide(asking(List.of(), null)));

        assertTrue(first.anonymous());
        assertTrue(Identity.isUsableName(first.user()), first.user());
        assertNotEquals(first.user(), second.user());
    }

    @Test
    void checksRunInOrderAndTheApplicationsGoBetweenWshubsOwn() {
        Settings settings = new Settings(Map.<String, String>of()::get, new Properties());
        HandshakeCheck tokenRequired = new HandshakeCheck() {
            @Override
            public int order() {
                return 160;
            }

            @Override
            public Verdict check(AccessRequest request) {
                return request.header("Authorization") == null
                        ? new Refuse(401, "unauthorized", "a token is required", Map.of("WWW-Authenticate", "Bearer"))
                        : Verdict.permit(new Identity("token-holder", false, Instant.EPOCH, Map.of("role", "ops")));
            }
        };
        List<HandshakeCheck> all = new ArrayList<>(List.of(new AnonymousCheck(settings), new QueryUserCheck(settings),
                new OriginCheck(new HandshakePolicy(settings))));
        all.add(tokenRequired);
        HandshakeChecks withToken = new HandshakeChecks(all);

        HandshakeCheck.Refuse noToken = refused(withToken.decide(asking(List.of("alice"), null)));
        assertEquals(401, noToken.status());
        assertEquals(Map.of("WWW-Authenticate", "Bearer"), noToken.headers());
        Identity holder = permitted(withToken.decide(asking(List.of("alice"), null, "authorization", "Bearer x")));
        assertEquals("token-holder", holder.user());
        assertEquals(Map.of("role", "ops"), holder.claims());
        assertEquals(Instant.EPOCH, holder.expiresAt().orElseThrow());
        // the origin check, at 100, still comes first
        assertEquals(403, refused(withToken.decide(asking(null, null, "Authorization", "Bearer x",
                "Origin", "https://evil.example", "Host", "localhost"))).status());
    }

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private static String token(String subject) {
        return new TokenSigner(SECRET, Optional.empty(), Optional.empty()).sign(subject, TokenSigner.Grant.NONE,
                Instant.now(), Duration.ofMinutes(5));
    }

    @Test
    void withTokenAuthOnlyAValidTokenLetsAClientInWhateverTheQueryOrTheContainerSays() {
        HandshakeChecks token = checks(Map.of("WSHUB_AUTH", "token", "WSHUB_TOKEN_SECRET", SECRET));

        HandshakeCheck.Refuse none = refused(token.decide(asking(List.of("alice"), null)));
        assertEquals(401, none.status());
        assertEquals("Bearer realm=\"wshub\"", none.headers().get("WWW-Authenticate"));
        assertEquals(401, refused(token.decide(asking(null, () -> "carol"))).status());
        assertEquals(401, refused(token.decide(asking(null, null))).status());

        assertEquals("bob", permitted(token.decide(asking(List.of("alice"), null,
                "Sec-WebSocket-Protocol", "wshub.v1, wshub.bearer." + token("bob")))).user());
        assertEquals("bob", permitted(token.decide(asking(null, () -> "carol",
                "Authorization", "Bearer " + token("bob")))).user());
        HandshakeCheck.Refuse forged = refused(token.decide(asking(null, null,
                "Sec-WebSocket-Protocol", "wshub.v1, wshub.bearer." + token("bob") + "x")));
        assertEquals(401, forged.status());
        assertTrue(forged.headers().get("WWW-Authenticate").contains("invalid_token"));
        assertEquals(401, refused(token.decide(asking(null, null, "Sec-WebSocket-Protocol",
                "wshub.v1, wshub.bearer." + token("bob"), "Authorization", "Bearer " + token("mallory")))).status());
        // the origin check still comes first
        assertEquals(403, refused(token.decide(asking(null, null, "Authorization", "Bearer " + token("bob"),
                "Origin", "https://evil.example", "Host", "localhost"))).status());
    }

    @Test
    void aTokenInTheQueryIsTakenOnlyWhenSwitchedOn() {
        Map<String, List<String>> query = Map.of("access_token", List.of(token("bob")));
        HandshakeChecks off = checks(Map.of("WSHUB_AUTH", "token", "WSHUB_TOKEN_SECRET", SECRET));
        HandshakeChecks on = checks(Map.of("WSHUB_AUTH", "token", "WSHUB_TOKEN_SECRET", SECRET,
                "WSHUB_TOKEN_IN_QUERY", "true"));

        HandshakeCheck.Refuse refusal = refused(off.decide(Access.handshake(query, null)));
        assertEquals(401, refusal.status());
        assertTrue(refusal.message().contains("token-in-query"), refusal.message());
        assertEquals("bob", permitted(on.decide(Access.handshake(query, null))).user());
    }

    @Test
    void withContainerAuthAHandshakeWithoutALoginIsRefusedAndTheQueryNamesNobody() {
        HandshakeChecks container = checks(Map.of("WSHUB_AUTH", "container"));

        assertEquals(401, refused(container.decide(asking(null, null))).status());
        assertEquals(401, refused(container.decide(asking(List.of("alice"), null))).status());
        assertEquals("carol", permitted(container.decide(asking(List.of("alice"), () -> "carol"))).user());
    }

    @Test
    void withContainerAuthTheUsersRolesBecomeTheClaimsATokenWouldCarry() {
        HandshakeChecks container = checks(Map.of("WSHUB_AUTH", "container",
                "WSHUB_ROOM_ROLES", "team-*=wshub-team, lobby=wshub-user, board=wshub-admin"));
        Set<String> carolsRoles = Set.of("wshub-team", "wshub-admin");

        Identity carol = permitted(container.decide(new AccessRequest(AccessRequest.Purpose.CONNECT, "/ws/chat/x",
                Map.of(), Map.of(), "127.0.0.1", () -> "carol", carolsRoles::contains)));
        assertEquals(Map.of(Claims.ADMIN, "true", Claims.ROOMS, "team-*,board"), carol.claims());
        Identity dave = permitted(container.decide(new AccessRequest(AccessRequest.Purpose.CONNECT, "/ws/chat/x",
                Map.of(), Map.of(), "127.0.0.1", () -> "dave", role -> false)));
        assertEquals(Map.of(Claims.ROOMS, ""), dave.claims(), "no role, no room");
        assertFalse(new ClaimsRoomPolicy().allows(dave, "lobby", io.wshub.chat.RoomPolicy.Action.JOIN));

        Identity erin = permitted(checks(Map.of("WSHUB_AUTH", "container")).decide(new AccessRequest(
                AccessRequest.Purpose.CONNECT, "/ws/chat/x", Map.of(), Map.of(), "127.0.0.1", () -> "erin",
                role -> true)));
        assertEquals(Map.of(Claims.ADMIN, "true"), erin.claims(), "without room-roles, every room");
    }

    @Test
    void aRequestNoCheckDecidesIsRefused() {
        HandshakeChecks none = new HandshakeChecks(List.of());

        assertEquals(403, refused(none.decide(asking(null, null))).status());
        assertEquals(403, refused(defaults.decide(new AccessRequest(AccessRequest.Purpose.PUBLISH, "/api/feed/t",
                Map.of("X-Forwarded-For", List.of("198.51.100.7")), Map.of(), "127.0.0.1", null))).status());
    }

    @Test
    void headersAreFoundInAnyCase() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("ORIGIN", List.of("http://a"));
        headers.put("origin", List.of("http://b"));
        AccessRequest request = new AccessRequest(AccessRequest.Purpose.CONNECT, "/ws/echo", headers, Map.of(), null,
                null);

        assertEquals(List.of("http://a", "http://b"), request.headers("Origin"));
        assertNull(request.header("Host"));
        assertFalse(request.forwarded());
    }

    @Test
    void anIdentitysClaimsAreFewAndShort() {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i <= Identity.MAX_CLAIMS; i++) {
            many.put("c" + i, "v");
        }
        assertThrows(IllegalArgumentException.class, () -> new Identity("a", false, null, many));
        assertThrows(IllegalArgumentException.class,
                () -> new Identity("a", false, null, Map.of("c", "v".repeat(Identity.MAX_CLAIM_LENGTH + 1))));
        assertThrows(IllegalArgumentException.class, () -> new Identity("", false));
        assertFalse(new Identity("a", false, null, Map.of("email", "a@example.com")).toString().contains("example"));
    }

    @Test
    void anAdmissionIsHandedOverOnItsThreadOnce() throws Exception {
        Admissions admissions = new Admissions();
        Admissions.Admission admission = new Admissions.Admission(new Identity("alice", false), null);
        admissions.handOver(admission);

        assertNull(CompletableFuture.supplyAsync(admissions::take).get());
        assertSame(admission, admissions.take());
        assertNull(admissions.take());
    }
}
