package io.wshub.session;

import io.wshub.config.Settings;
import io.wshub.json.RefreshRequest;
import io.wshub.security.Identity;
import io.wshub.security.TokenSigner;
import io.wshub.security.TokenVerifier;
import io.wshub.testing.MutableClock;
import io.wshub.testing.RecordingTransport;
import io.wshub.testing.TestJson;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A connection's identity expires with its token, unless a refresh for the same user moves the expiry. */
class TokenExpiryTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final MutableClock clock = new MutableClock();
    private final Settings settings = new Settings(Map.of("WSHUB_AUTH", "token", "WSHUB_TOKEN_SECRET", SECRET)::get,
            new Properties());
    private final SessionRegistry registry = new SessionRegistry(settings, new Lifecycle(event -> { }), clock);
    private final TokenRefresh refreshes = new TokenRefresh(settings, new TokenVerifier(settings), registry);
    private final TokenSigner signer = new TokenSigner(SECRET, Optional.empty(), Optional.empty());

    @AfterEach
    void stop() {
        registry.shutdown();
    }

    private Connection connect(String user, Instant expiry, RecordingTransport transport) {
        return registry.connect(user + "-1", new Identity(user, false, expiry, Map.of()), TestJson.RAW, transport,
                OverflowPolicy.CLOSE, 100);
    }

    /** Waits, in real time, for the connection's close; the clock the registry reads is moved by the test. */
    private static CloseFrame awaitClose(RecordingTransport transport) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (transport.closes().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return transport.closes().isEmpty() ? null : transport.closes().get(0);
    }

    private static RefreshRequest refresh(String id, String token) throws Exception {
        String text = Json.createObjectBuilder().add("type", "refresh").add("id", id).add("token", token).build()
                .toString();
        return RefreshRequest.of(text, Json.createReader(new StringReader(text)).readValue());
    }

    @Test
    void aConnectionIsClosedWith1008WhenItsTokenExpires() throws Exception {
        RecordingTransport transport = new RecordingTransport();
        Connection connection = connect("alice", clock.instant().plusMillis(300), transport);
        clock.advance(Duration.ofMillis(300));

        CloseFrame close = awaitClose(transport);
        assertEquals(new CloseFrame(1008, "token expired"), close);
        assertNull(registry.get(connection.id()));
    }

    /** The handshake takes a token up to the clock skew past its exp; the connection then lasts no longer. */
    @Test
    void aConnectionWhoseTokenExpiredWithinTheSkewIsClosedAtOnce() throws Exception {
        RecordingTransport transport = new RecordingTransport();
        connect("alice", clock.instant().minusSeconds(10), transport);

        assertEquals(new CloseFrame(1008, "token expired"), awaitClose(transport));
    }

    @Test
    void aConnectionWithoutExpiryAndOneThatClosedFirstAreLeftAlone() throws Exception {
        RecordingTransport forever = new RecordingTransport();
        registry.connect("bob-1", new Identity("bob", false), TestJson.RAW, forever, OverflowPolicy.CLOSE, 100);
        RecordingTransport gone = new RecordingTransport();
        Connection early = connect("carol", clock.instant().plusMillis(200), gone);
        registry.remove(early);
        clock.advance(Duration.ofSeconds(1));

        Thread.sleep(500);
        assertEquals(List.of(), forever.closes());
        assertEquals(List.of(), gone.closes());
    }

    @Test
    void aRefreshForTheSameUserMovesTheExpiryAndIsAnswered() throws Exception {
        RecordingTransport transport = new RecordingTransport();
        Connection connection = connect("alice", clock.instant().plusMillis(300), transport);
        Instant issued = Instant.now();
        refreshes.refresh(connection, refresh("r1", signer.sign("alice", TokenSigner.Grant.NONE, issued,
                Duration.ofHours(1))));

        JsonObject answer = transport.drain().get(0);
        assertEquals("refreshed", answer.getString("type"));
        assertEquals("r1", answer.getString("id"));
        Instant renewed = issued.plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        assertEquals(renewed.toString(), answer.getString("expires"));
        assertEquals(renewed, connection.expiry());

        clock.advance(Duration.ofMillis(300));
        Thread.sleep(500);
        assertEquals(List.of(), transport.closes(), "the first token's expiry no longer closes it");
    }

    /** The timer runs on the JVM's clock, the expiry is read on the wall clock: the two may disagree by a little. */
    @Test
    void aCheckThatFallsDueBeforeTheClockSaysSoIsMadeAgain() throws Exception {
        RecordingTransport transport = new RecordingTransport();
        connect("alice", clock.instant().plusMillis(200), transport);

        Thread.sleep(500);
        assertEquals(List.of(), transport.closes(), "by the registry's clock the token has not expired yet");
        clock.advance(Duration.ofMillis(200));
        assertEquals(new CloseFrame(1008, "token expired"), awaitClose(transport));
    }

    @Test
    void aRefreshWithAnotherUsersTokenClosesTheConnectionAndABadOneChangesNothing() throws Exception {
        RecordingTransport transport = new RecordingTransport();
        Instant expiry = clock.instant().plusSeconds(60);
        Connection connection = connect("alice", expiry, transport);

        refreshes.refresh(connection, refresh("r1", signer.sign("alice", TokenSigner.Grant.NONE,
                Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1))));
        JsonObject refused = transport.drain().get(0);
        assertEquals("error", refused.getString("type"));
        assertEquals("unauthorized", refused.getString("code"));
        assertEquals(expiry, connection.expiry());
        assertFalse(connection.outbox().isClosed());

        refreshes.refresh(connection, refresh("r2", signer.sign("mallory", TokenSigner.Grant.NONE, Instant.now(),
                Duration.ofHours(1))));
        assertEquals(new CloseFrame(1008, "token of another user"), awaitClose(transport));
        assertTrue(transport.drain().isEmpty(), "no answer: the connection is closed");
    }
}
