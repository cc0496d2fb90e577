package io.wshub.it;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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

    /**
     * wshub.js with getToken(): a token that expires in 4 s is refreshed with the next one before its exp, on the same
     * connection; a page whose getToken() has nothing newer sees its connection closed at the exp and opened again
     * with the token getToken() gives then; a page whose token is refused is told why, and stops.
     */
    @Test
    void theBrowserClientRefreshesItsTokenBeforeTheExpiryOrConnectsAgainWithAFreshOne() throws Exception {
        Browser.requireChromium();
        String ivy = name("ivy");
        try (Browser browser = Browser.open()) {
            // a page of this server that connects nowhere by itself
            browser.get(http("chat.html"));
            Object refreshed = browser.asyncScript("""
                    const [room, tokens, done] = arguments;
                    const { ChatHub } = await import('./js/wshub.js');
                    const opens = [];
                    const hub = new ChatHub(room, { getToken: async () => tokens.shift() });
                    hub.onState((state) => state === 'open' && opens.push(Date.now()));
                    hub.on('refreshed', (message) => {
                      setTimeout(async () => {
                        const ack = await hub.say(room, 'after the first exp');
                        hub.close();
                        done(`opens=${opens.length} seq=${ack.seq} refreshed=${message.expires}`);
                      }, 2500);
                    });
                    """, name("room"), List.of(token(ivy, wholeSecondsAhead(4)), token(ivy, wholeSecondsAhead(300))));
            assertTrue(String.valueOf(refreshed).matches("opens=1 seq=\\d+ refreshed=.+Z"), String.valueOf(refreshed));

            String stale = token(ivy, wholeSecondsAhead(3));
            Object reopened = browser.asyncScript("""
                    const [room, tokens, done] = arguments;
                    const { ChatHub } = await import('./js/wshub.js');
                    const states = [];
                    const hub = new ChatHub(room, { getToken: async () => tokens.shift(), firstDelayMaxMs: 500 });
                    hub.onState((state, detail) => {
                      states.push(state + (detail.reason ? ` (${detail.reason})` : ''));
                      if (state === 'open' && states.filter((s) => s === 'open').length === 2) {
                        hub.say(room, 'with the fresh token').then((ack) => {
                          hub.close();
                          done(states.join(', ') + ' seq=' + ack.seq);
                        });
                      }
                    });
                    """, name("room"), List.of(stale, stale, token(ivy, wholeSecondsAhead(300))));
            assertTrue(String.valueOf(reopened).matches(
                    "open, reconnecting \\(token expired\\), open seq=\\d+"), String.valueOf(reopened));
            assertEquals(List.of(), browser.consoleErrors());

            // a refused handshake is explained by asking again over HTTP, with the same token
            Object refused = browser.asyncScript("""
                    const [room, expired, done] = arguments;
                    const { ChatHub } = await import('./js/wshub.js');
                    const hub = new ChatHub(room, { getToken: async () => expired });
                    hub.onState((state, detail) => state === 'closed' && done(`${detail.status} ${detail.reason}`));
                    """, name("room"), token(ivy, Instant.now().minusSeconds(120)));
            assertTrue(String.valueOf(refused).startsWith("401 refused (401): invalid token"), String.valueOf(refused));
            assertTrue(String.valueOf(refused).contains("Expired"), String.valueOf(refused));
        }
    }

    /** The chat page in token mode: the token comes in the link's fragment, which the browser never sends. */
    @Test
    void theChatPageEntersWithATokenFromTheLinksFragment() throws Exception {
        Browser.requireChromium();
        String jack = name("jack");
        String room = name("room");
        try (JsonClient member = chat(room, "", token(name("member")));
             Browser browser = Browser.open()) {
            browser.get(URI.create(http("chat.html") + "#token=" + token(jack)));
            assertEquals("", browser.script("return location.hash;"), "the token leaves the address bar");
            browser.type("#login-room", room);
            browser.submit("#login");
            browser.awaitState("open", Browser.WAIT);
            assertEquals(jack, browser.find("#me").getText());
            browser.type("#say-text", "signed in with a token");
            browser.submit("#say");

            JsonObject heard = member.next("message");
            assertEquals(jack, heard.getString("from"));
            assertEquals("signed in with a token", heard.getString("text"));
            assertEquals(List.of(), browser.consoleErrors());
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

    private HttpResponse<String> buyTicket(HttpClient http, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(http("api/ticket")).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aTicketBoughtWithATokenOpensOneConnectionAndIsWorthNothingAfterThirtySeconds() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String hal = name("hal");
        String room = name("room");
        assertEquals(401, buyTicket(http, "not-a-token").statusCode());
        HttpResponse<String> sold = buyTicket(http, token(hal));
        assertEquals(200, sold.statusCode(), sold.body());
        assertEquals("no-store", sold.headers().firstValue("Cache-Control").orElse(""));
        String ticket = Json.createReader(new StringReader(sold.body())).readObject().getString("ticket");
        String late = Json.createReader(new StringReader(buyTicket(http, token(hal)).body())).readObject()
                .getString("ticket");

        try (JsonClient member = chat(room, "", token(name("member")));
             JsonClient byTicket = new JsonClient(WsClient.connect(ws("ws/chat/" + room + "?ticket=" + ticket)))) {
            byTicket.next("presence");
            byTicket.send("say", "text", "with a ticket", "id", "t-1");
            assertEquals(hal, member.next("message").getString("from"));
        }
        assertEquals(401, WsClient.handshakeStatus(ws("ws/chat/" + room + "?ticket=" + ticket), Map.of()),
                "a ticket is good once");

        Thread.sleep(30_500);
        assertEquals(401, WsClient.handshakeStatus(ws("ws/chat/" + room + "?ticket=" + late), Map.of()),
                "a ticket is good for 30 s");
    }

    /**
     * What an authenticated user, mallory, can try to read bob's letters or speak as bob: forged tokens in every
     * carrier, bob's name in the query beside her own token, bob's name in the messages she sends. None works: the
     * handshakes are refused, her connections get none of bob's letters, her messages are hers, and bob finally
     * receives every letter kept for him.
     */
    @Test
    void aThousandAttemptsToReadAnotherUsersMailboxOrPostAsThemAllFail() throws Exception {
        String bob = name("bob");
        String mallory = name("mallory");
        String room = name("room");
        String malloryToken = token(mallory);
        try (JsonClient once = privateChat(token(bob), "")) {
            once.ws().closeAndAwait();
        }
        int attempts = 0;
        List<String> successes = new ArrayList<>();
        try (JsonClient alice = privateChat(token(name("alice")), "");
             JsonClient carol = chat(room, "", token(name("carol")))) {
            // bob's departure may trail the close frame: ping him until a ping waits for him
            for (int ping = 0; ; ping++) {
                alice.send("whisper", "to", bob, "text", "ping", "id", "p" + ping);
                if (alice.next("ack").getString("status").equals("stored")) {
                    break;
                }
                assertTrue(ping < 50, "bob is still online");
                Thread.sleep(100);
            }
            for (int i = 0; i < 5; i++) {
                alice.send("whisper", "to", bob, "text", "letter " + i, "id", "w" + i);
                assertEquals("stored", alice.next("ack").getString("status"));
            }

            String[] forgeries = forgeriesOf(bob, malloryToken);
            for (int i = 0; i < 400; i++, attempts++) {
                String forged = forgeries[i % forgeries.length];
                int status = switch (i % 4) {
                    case 0 -> WsClient.handshakeStatus(ws("ws/private"), Map.of("Authorization", "Bearer " + forged));
                    case 1 -> WsClient.handshakeStatus(ws("ws/private?access_token=" + forged), Map.of());
                    case 2 -> WsClient.handshakeStatus(ws("ws/private?user=" + bob), Map.of());
                    default -> subprotocolHandshakeStatus(ws("ws/private"), forged);
                };
                if (status != 401) {
                    successes.add("handshake " + i + " with " + forged + ": " + status);
                }
            }

            for (int i = 0; i < 300; i++, attempts++) {
                try (JsonClient asMallory = privateChat(malloryToken, "?user=" + bob)) {
                    // answered after whatever the connection was handed at its start
                    asMallory.send("whisper", "to", name("nobody"), "text", "hello?", "id", "q" + i);
                    for (JsonObject message = asMallory.next(); !"error".equals(message.getString("type"));
                         message = asMallory.next()) {
                        successes.add("mallory's connection " + i + " received " + message);
                    }
                    asMallory.ws().closeAndAwait();
                }
            }

            for (int connection = 0; connection < 10; connection++) {
                try (JsonClient asMallory = chat(room, "?user=" + bob, malloryToken)) {
                    for (int i = 0; i < 30; i++, attempts++) {
                        asMallory.ws().send(Json.createObjectBuilder().add("type", "say").add("text", "as bob")
                                .add(i % 2 == 0 ? "from" : "user", bob).build().toString());
                    }
                    asMallory.send("say", "text", "end " + connection, "id", "end-" + connection);
                    asMallory.next("ack");
                    asMallory.ws().closeAndAwait();
                }
            }
            for (int connection = 0; connection < 10; connection++) {
                for (JsonObject heard = carol.next("message"); !heard.getString("text").startsWith("end ");
                     heard = carol.next("message")) {
                    if (!heard.getString("from").equals(mallory)) {
                        successes.add("carol heard " + heard);
                    }
                }
            }
        }
        try (JsonClient asBob = privateChat(token(bob), "")) {
            assertEquals("ping", asBob.next("private").getString("text"));
            List<String> letters = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                letters.add(asBob.next("private").getString("text"));
            }
            assertEquals(List.of("letter 0", "letter 1", "letter 2", "letter 3", "letter 4"), letters);
        }

        assertEquals(1_000, attempts);
        assertEquals(List.of(), successes);
    }

    /** A private-chat connection, token in Authorization; the handshake is retried while the per-user cap lags. */
    private JsonClient privateChat(String token, String query) throws Exception {
        for (int tries = 0; ; tries++) {
            try {
                return new JsonClient(WsClient.connect(ws("ws/private" + query),
                        Map.of("Authorization", "Bearer " + token)));
            } catch (java.util.concurrent.CompletionException e) {
                if (tries == 50 || !(e.getCause() instanceof java.net.http.WebSocketHandshakeException refused)
                        || refused.getResponse().statusCode() != 429) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** Tokens naming {@code victim} that an attacker holding {@code own} (a valid token of hers) can make. */
    private static String[] forgeriesOf(String victim, String own) throws Exception {
        Instant later = Instant.now().plusSeconds(300);
        String[] parts = own.split("\\.");
        String payload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new JWTClaimsSet.Builder().subject(victim).expirationTime(Date.from(later)).build().toString()
                        .getBytes(StandardCharsets.UTF_8));
        return new String[] {
            parts[0] + "." + payload + "." + parts[2],
            signed("a-secret-mallory-made-up-32-bytes-long", victim, later),
            new PlainJWT(new JWTClaimsSet.Builder().subject(victim).expirationTime(Date.from(later)).build())
                    .serialize(),
            parts[0] + "." + payload + ".",
            victim,
        };
    }

    private static int subprotocolHandshakeStatus(URI uri, String token) {
        try (WsClient client = WsClient.connect(uri, List.of("wshub.v1", "wshub.bearer." + token), Map.of())) {
            return 101;
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    private HttpResponse<String> post(HttpClient http, String topic, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(http("api/feed/" + topic))
                .header("Content-Type", "application/json").header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString("{\"headline\":\"hi\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
