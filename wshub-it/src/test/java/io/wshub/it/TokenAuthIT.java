package io.wshub.it;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code auth=token} on every runtime: the WAR deployed with the setting as its context parameters (the embedded
 * runtime: a server of its own with them). Identity comes from the token alone, carried as a subprotocol or a bearer
 * header; everything else is refused with 401 before the upgrade.
 */
class TokenAuthIT extends RemoteIT {

    private static final String SECRET = "it-secret-of-at-least-thirty-two-bytes";

    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    @Deployment(testable = false)
    public static WebArchive deployment() {
        return WshubIT.deployment("wshub-token.war", Map.of("auth", "token", "token-secret", SECRET));
    }

    private static String token(String subject, Instant expiry, String... claims) throws Exception {
        return signed(SECRET, subject, expiry, claims);
    }

    private static String signed(String secret, String subject, Instant expiry, String... claims) throws Exception {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().subject(subject).expirationTime(Date.from(expiry));
        for (int i = 0; i < claims.length; i += 2) {
            builder.claim(claims[i], List.of(claims[i + 1].split(",")));
        }
        SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), builder.build());
        token.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return token.serialize();
    }

    private static String token(String subject) throws Exception {
        return token(subject, Instant.now().plusSeconds(300));
    }

    private String name(String base) {
        return base + "-" + tag;
    }

    /** A chat connection whose token travels as a subprotocol, as a browser's would. */
    private JsonClient chat(String room, String query, String token) {
        JsonClient client = new JsonClient(WsClient.connect(ws("ws/chat/" + room + query), List.of(
                "wshub.v1", "wshub.bearer." + token), Map.of()));
        client.next("presence");
        return client;
    }

    @Test
    void withoutAValidTokenAHandshakeIsRefusedWith401BeforeTheUpgrade() throws Exception {
        String room = name("room");
        try (JsonClient member = chat(room, "", token(name("member")))) {
            URI asMallory = ws("ws/chat/" + room + "?user=" + name("mallory"));
            Instant later = Instant.now().plusSeconds(300);
            String valid = token(name("mallory"));
            int signature = valid.lastIndexOf('.') + 1;
            String forged = valid.substring(0, signature) + (valid.charAt(signature) == 'A' ? 'B' : 'A')
                    + valid.substring(signature + 1);
            String wrongSecret = signed("another-secret-of-at-least-32-bytes!!", name("mallory"), later);
            String unsigned = new PlainJWT(new JWTClaimsSet.Builder().subject(name("mallory"))
                    .expirationTime(Date.from(later)).build()).serialize();
            String expired = token(name("mallory"), Instant.now().minusSeconds(120));

            assertEquals(401, WsClient.handshakeStatus(asMallory, Map.of()));
            for (String bad : List.of(forged, wrongSecret, unsigned, expired, "not-a-token")) {
                assertEquals(401, WsClient.handshakeStatus(asMallory, Map.of("Authorization", "Bearer " + bad)), bad);
            }
            assertEquals(401, WsClient.handshakeStatus(ws("ws/chat/" + room + "?access_token=" + token(name("x"))),
                    Map.of()));

            // none of them joined the room: the member was told of no one
            assertFalse(member.ws().receivesWithin(Duration.ofMillis(500)));
        }
    }

    @Test
    void theIdentityIsTheTokensSubjectWhateverTheQuerySays() throws Exception {
        String room = name("room");
        String bob = name("bob");
        try (JsonClient asBob = chat(room, "?user=" + name("mallory"), token(bob));
             JsonClient byHeader = new JsonClient(WsClient.connect(ws("ws/chat/" + room),
                     Map.of("Authorization", "Bearer " + token(name("carol")))))) {
            byHeader.next("presence");
            asBob.send("say", "text", "hello", "id", "m-1");

            JsonObject heard = byHeader.next("message");
            assertEquals(bob, heard.getString("from"));
            assertEquals("hello", heard.getString("text"));
        }
    }

    @Test
    void aTokensRoomsClaimKeepsItsHolderOutOfEveryOtherRoom() throws Exception {
        String open = name("open");
        String secret = name("secret");
        String eve = name("eve");
        String limited = token(eve, Instant.now().plusSeconds(300), "rooms", open + ",team-*");
        try (JsonClient member = chat(secret, "", token(name("member")));
             JsonClient asEve = chat(open, "", limited)) {
            asEve.send("join", "room", secret, "id", "j1");
            JsonObject refused = asEve.next("error");
            assertEquals("j1", refused.getString("id"));
            assertEquals("forbidden", refused.getString("code"));
            asEve.send("say", "room", secret, "text", "let me in", "id", "s1");
            assertEquals("not-in-room", asEve.next("error").getString("code"));

            asEve.send("join", "room", "team-" + tag, "id", "j2");
            assertEquals("j2", asEve.next("ack").getString("id"));
            // the secret room's member heard of no one: not eve's join, not her message
            assertFalse(member.ws().receivesWithin(Duration.ofMillis(500)));

            try (JsonClient inUrl = new JsonClient(WsClient.connect(ws("ws/chat/" + secret),
                    Map.of("Authorization", "Bearer " + limited)))) {
                assertEquals("forbidden", inUrl.next("error").getString("code"));
                assertEquals(1008, inUrl.ws().awaitClose().code());
            }
            assertFalse(member.ws().receivesWithin(Duration.ofMillis(300)));
        }
    }

    /** A token's exp as it is written: whole seconds. */
    private static Instant wholeSecondsAhead(int seconds) {
        return Instant.now().plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS);
    }

    @Test
    void aConnectionIsClosedWith1008WithinASecondOfItsTokensExpiry() throws Exception {
        Instant expiry = wholeSecondsAhead(3);
        try (JsonClient client = chat(name("room"), "", token(name("fay"), expiry))) {
            WsClient.Close close = client.ws().awaitClose();
            Instant closed = Instant.now();

            assertEquals(new WsClient.Close(1008, "token expired"), close);
            assertFalse(closed.isBefore(expiry.minusMillis(100)), "closed at " + closed + ", expiry " + expiry);
            assertTrue(closed.isBefore(expiry.plusSeconds(1)), "closed at " + closed + ", expiry " + expiry);
        }
    }

    @Test
    void aRefreshBeforeTheExpiryKeepsTheConnectionAndOneForAnotherUserClosesIt() throws Exception {
        String gus = name("gus");
        Instant expiry = wholeSecondsAhead(3);
        try (JsonClient client = chat(name("room"), "", token(gus, expiry))) {
            Instant later = wholeSecondsAhead(300);
            client.send("refresh", "token", token(gus, later), "id", "r1");
            JsonObject refreshed = client.next("refreshed");
            assertEquals("r1", refreshed.getString("id"));
            assertEquals(later.toString(), refreshed.getString("expires"));

            Thread.sleep(Duration.between(Instant.now(), expiry.plusMillis(1_500)).toMillis());
            client.send("say", "text", "still here", "id", "m-1");
            assertEquals("still here", client.next("message").getString("text"));

            client.send("refresh", "token", token(name("mallory"), later), "id", "r2");
            assertEquals(new WsClient.Close(1008, "token of another user"), client.ws().awaitClose());
        }
    }

    /** Chrome fails a handshake whose selected protocol it did not offer, and a token must not travel back. */
    @Test
    void theServerSelectsWshubV1AndNeverSendsTheTokenBack() throws Exception {
        String token = token(name("dave"));
        URI uri = ws("ws/echo");
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Protocol: wshub.v1, wshub.bearer." + token + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = responseHead(socket.getInputStream());

            assertTrue(head.startsWith("HTTP/1.1 101"), head);
            assertTrue(head.toLowerCase().contains("sec-websocket-protocol: wshub.v1\r\n"), head);
            String signature = token.substring(token.lastIndexOf('.') + 1);
            assertFalse(head.contains(signature), head);
            assertFalse(head.contains("wshub.bearer"), head);
        }
    }

    /** A browser can set no header on a WebSocket handshake: its token goes as a second subprotocol. */
    @Test
    void aBrowserConnectsWithItsTokenAsASubprotocolAndGetsWshubV1() throws Exception {
        Browser.requireChromium();
        String erin = name("erin");
        try (Browser browser = Browser.open()) {
            // a page of this server, so that the handshake's Origin is the server's own
            browser.get(http("echo.html"));
            Object outcome = browser.asyncScript("""
                    const [url, token, done] = arguments;
                    const ws = new WebSocket(url, ['wshub.v1', 'wshub.bearer.' + token]);
                    ws.onerror = () => done('failed');
                    ws.onopen = () => ws.send(JSON.stringify({type: 'say', text: 'from a browser', id: 'b-1'}));
                    ws.onmessage = (event) => {
                        const message = JSON.parse(event.data);
                        if (message.type === 'message') {
                            done(ws.protocol + ' ' + message.from);
                        }
                    };
                    """, ws("ws/chat/" + name("room")).toString(), token(erin));
            assertEquals("wshub.v1 " + erin, outcome);
        }
    }

    private static String responseHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @Test
    void anHttpPublisherNeedsATokenWhosePublishClaimNamesTheTopic() throws Exception {
        String topic = name("news");
        HttpClient http = HttpClient.newHttpClient();
        String desk = token(name("desk"), Instant.now().plusSeconds(300), "publish", topic);
        String reader = token(name("reader"));

        assertEquals(401, post(http, topic, "Bearer it-token").statusCode());
        assertEquals(403, post(http, topic, "Bearer " + reader).statusCode());
        HttpResponse<String> published = post(http, topic, "Bearer " + desk);
        assertEquals(202, published.statusCode(), published.body());
        assertEquals("{\"seq\":1}", published.body());
    }

    private HttpResponse<String> post(HttpClient http, String topic, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(http("api/feed/" + topic))
                .header("Content-Type", "application/json").header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString("{\"headline\":\"hi\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
