package io.wshub.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code auth=container} on Tomcat (its {@code UserDatabaseRealm}, with the users of
 * {@code deploy/tomcat/tomcat-users.xml}) and WildFly (Elytron's {@code ApplicationRealm}, with the users of
 * {@code deploy/wildfly/README.md}'s {@code add-user.sh} commands): the identity is the container's login, FORM
 * through {@code /login/} for a browser or {@code Authorization: Basic} for a script; the roles name the rooms
 * ({@code room-roles}); a logout closes the connections opened under the login with 1008.
 */
@EnabledIfSystemProperty(named = "wshub.it.runtime", matches = "tomcat|wildfly")
class ContainerAuthIT extends RemoteIT {

    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    @Deployment(testable = false)
    public static WebArchive deployment() {
        return WshubIT.deployment("wshub-container.war", Map.of("auth", "container",
                "room-roles", "team-*=wshub-team,room-*=wshub-user"));
    }

    private static Map<String, String> basic(String user, String password) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private JsonClient chat(String room, Map<String, String> headers) {
        JsonClient client = new JsonClient(WsClient.connect(ws("ws/chat/" + room), headers));
        client.next("presence");
        return client;
    }

    @Test
    void withoutAValidLoginAHandshakeIsRefusedWith401() {
        URI room = ws("ws/chat/room-" + tag + "?user=alice");
        assertEquals(401, WsClient.handshakeStatus(room, Map.of()));
        assertEquals(401, WsClient.handshakeStatus(room, basic("alice", "wrong")));
        assertEquals(401, WsClient.handshakeStatus(room, basic("mallory", "alice-change-me")));
        assertEquals(401, WsClient.handshakeStatus(room, Map.of("Authorization", "Basic not-base64!")));
    }

    @Test
    void theLoginIsTheIdentityAndItsRolesNameItsRooms() {
        String team = "team-" + tag;
        try (JsonClient bob = chat(team, basic("bob", "bob-change-me"));
             JsonClient alice = chat("room-" + tag + "?user=mallory", basic("alice", "alice-change-me"))) {
            alice.send("join", "room", team, "id", "j1");
            JsonObject refused = alice.next("error");
            assertEquals("forbidden", refused.getString("code"));
            assertEquals("j1", refused.getString("id"));

            bob.send("say", "text", "team only", "id", "s1");
            JsonObject said = bob.next("message");
            assertEquals("bob", said.getString("from"));
            alice.send("say", "text", "not mallory", "id", "s2");
            assertEquals("alice", alice.next("message").getString("from"));
        }
    }

    /**
     * A browser's way: the login form at {@code /login/}, whose session then carries the login to the handshakes;
     * {@code POST /api/logout} ends it, and its connections are closed with 1008 within 5 s. A connection of the same
     * user under another login stays.
     */
    @Test
    void aFormLoginHoldsForTheHandshakesOfItsSessionAndItsLogoutClosesThemWith1008() throws Exception {
        CookieManager cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<String> form = browser.send(HttpRequest.newBuilder(http("login/?then=chat.html")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("j_security_check"), form.body());
        HttpResponse<String> loggedIn = browser.send(HttpRequest.newBuilder(http("login/j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("j_username=alice&j_password="
                        + URLEncoder.encode("alice-change-me", StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, loggedIn.statusCode());
        assertTrue(loggedIn.uri().getPath().endsWith("/chat.html"), loggedIn.uri().toString());
        String session = cookies.getCookieStore().get(loggedIn.uri()).stream()
                .filter(cookie -> cookie.getName().equals("JSESSIONID")).map(HttpCookie::toString).findFirst()
                .orElseThrow();

        String room = "room-" + tag;
        try (JsonClient other = chat(room, basic("alice", "alice-change-me"));
             JsonClient inSession = chat(room, Map.of("Cookie", session))) {
            inSession.send("say", "text", "from the page", "id", "p1");
            assertEquals("alice", other.next("message").getString("from"));

            HttpResponse<Void> logout = browser.send(HttpRequest.newBuilder(http("api/logout"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(204, logout.statusCode());
            Instant loggedOut = Instant.now();

            WsClient.Close close = inSession.ws().awaitClose();
            assertEquals(1008, close.code());
            assertTrue(Duration.between(loggedOut, Instant.now()).toMillis() < 5_000);
            assertFalse(other.ws().isClosed(), "the Basic login's connection is another login's");
            other.send("say", "text", "still here", "id", "p2");
            assertEquals("still here", other.next("message").getString("text"));
        }
        assertEquals(401, WsClient.handshakeStatus(ws("ws/chat/" + room), Map.of("Cookie", session)),
                "the session's login is over");
    }
}
