package io.wshub.feed;

import io.wshub.security.HttpAnswer;
import io.wshub.config.Settings;
import io.wshub.security.TokenSigner;
import io.wshub.session.Lifecycle;
import io.wshub.testing.Access;
import io.wshub.testing.LocalNode;
import io.wshub.testing.MutableClock;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpPublishTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private LocalNode node;
    private FeedService feeds;

    @AfterEach
    void stop() {
        node.close();
    }

    private HttpPublish publish(Map<String, String> environment) {
        Settings settings = new Settings(environment::get, new Properties());
        node = new LocalNode(new MutableClock(), new Lifecycle(event -> { }), settings);
        feeds = node.feeds();
        return new HttpPublish(feeds, settings, Access.checks(settings));
    }

    private static HttpAnswer post(HttpPublish publish, String topic, String authorization, InetAddress caller,
                                           String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return publish.post(request(topic, authorization, caller, bytes.length), new ByteArrayInputStream(bytes));
    }

    /** A browser's POST as JSON, from a page of this server (its Origin), or no browser at all. */
    private static HttpPublish.Request request(String topic, String authorization, InetAddress caller, long length) {
        return Access.publish(topic, authorization, "application/json", null, "localhost:8080", false,
                caller, length);
    }

    @Test
    void withoutATokenOnlyLoopbackCallersMayPublish() throws IOException {
        HttpPublish open = publish(Map.of());

        HttpAnswer accepted = post(open, "t", null, LOOPBACK, "{\"a\":1}");
        assertEquals(202, accepted.status());
        assertEquals("{\"seq\":1}", accepted.body());
        assertEquals(202, post(open, "t", null, InetAddress.getByName("::1"), "[]").status());
        assertEquals(403, post(open, "t", null, InetAddress.getByName("192.0.2.7"), "{}").status());
    }

    @Test
    void withATokenEveryCallerNeedsIt() throws IOException {
        HttpPublish guarded = publish(Map.of("WSHUB_PUBLISH_TOKEN", "s3cret"));

        HttpAnswer refused = post(guarded, "t", null, LOOPBACK, "{}");
        assertEquals(401, refused.status());
        assertEquals("Bearer realm=\"wshub\"", refused.headers().get("WWW-Authenticate"));
        assertEquals(401, post(guarded, "t", "Bearer wrong", LOOPBACK, "{}").status());
        assertEquals(401, post(guarded, "t", "Basic s3cret", LOOPBACK, "{}").status());
        assertEquals(202, post(guarded, "t", "Bearer s3cret", InetAddress.getByName("192.0.2.7"), "{}").status());
        assertEquals(202, post(guarded, "t", "bearer s3cret", LOOPBACK, "{}").status());
    }

    /** With auth=token the shared publish-token and the loopback rule give way to the caller's own token. */
    @Test
    void withTokenAuthAPublisherNeedsATokenWhosePublishClaimNamesTheTopic() throws IOException {
        String secret = "0123456789abcdef0123456789abcdef";
        HttpPublish guarded = publish(Map.of("WSHUB_AUTH", "token", "WSHUB_TOKEN_SECRET", secret,
                "WSHUB_PUBLISH_TOKEN", "s3cret"));
        TokenSigner signer = new TokenSigner(secret, Optional.empty(), Optional.empty());
        String newsDesk = signer.sign("news-desk", new TokenSigner.Grant(List.of(), List.of("news", "sport-*"),
                false), Instant.now(), Duration.ofMinutes(5));
        String reader = signer.sign("reader", TokenSigner.Grant.NONE, Instant.now(), Duration.ofMinutes(5));

        assertEquals(401, post(guarded, "news", null, LOOPBACK, "{}").status());
        assertEquals(401, post(guarded, "news", "Bearer s3cret", LOOPBACK, "{}").status());
        assertEquals(202, post(guarded, "news", "Bearer " + newsDesk, InetAddress.getByName("192.0.2.7"), "{}")
                .status());
        assertEquals(202, post(guarded, "sport-tennis", "Bearer " + newsDesk, LOOPBACK, "{}").status());
        HttpAnswer otherTopic = post(guarded, "weather", "Bearer " + newsDesk, LOOPBACK, "{}");
        assertEquals(403, otherTopic.status());
        assertTrue(otherTopic.body().contains("\"forbidden\""), otherTopic.body());
        assertEquals(403, post(guarded, "news", "Bearer " + reader, LOOPBACK, "{}").status());
        // the refused posts published nothing: each topic's next seq follows the accepted ones
        assertEquals(1, feeds.publish("weather", JsonValue.EMPTY_JSON_OBJECT));
        assertEquals(2, feeds.publish("news", JsonValue.EMPTY_JSON_OBJECT));
    }

    @Test
    void refusesWhatIsNotOneJsonValueOrTooLargeOrAnInvalidTopic() throws IOException {
        HttpPublish open = publish(Map.of("WSHUB_MAX_MESSAGE_SIZE", "100"));

        assertEquals(400, post(open, "t", null, LOOPBACK, "{not json").status());
        assertEquals(400, post(open, "t", null, LOOPBACK, "").status());
        assertEquals(400, post(open, "t", null, LOOPBACK, "{} {}").status());
        assertEquals(400, post(open, "bad topic", null, LOOPBACK, "{}").status());
        assertEquals(400, post(open, "", null, LOOPBACK, "{}").status());
        assertEquals(202, post(open, "t", null, LOOPBACK, "\"" + "x".repeat(98) + "\"").status());
        assertEquals(413, post(open, "t", null, LOOPBACK, "\"" + "x".repeat(99) + "\"").status());
        byte[] big = new byte[101];
        assertEquals(413, open.post(request("t", null, LOOPBACK, -1), new ByteArrayInputStream(big)).status());
        assertEquals("{\"error\":\"bad-request\",\"message\":\"the body must be one JSON value: not valid JSON\"}",
                post(open, "t", null, LOOPBACK, "nope").body());
    }

    /**
     * Before, a foreign page's {@code no-cors} text/plain POST was published (CSRF), and behind the shipped nginx
     * config every caller was loopback, so anyone could publish while no token was set.
     */
    @Test
    void refusesForeignPagesOtherContentTypesAndProxiedCallersWithoutAToken() throws IOException {
        HttpPublish open = publish(Map.of());
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

        assertEquals(403, open.post(Access.publish("t", null, "application/json", "https://evil.example",
                "localhost:8080", false, LOOPBACK, 2), new ByteArrayInputStream(body)).status());
        assertEquals(202, open.post(Access.publish("t", null, "application/json", "http://localhost:8080",
                "localhost:8080", false, LOOPBACK, 2), new ByteArrayInputStream(body)).status());
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                null}) {
            HttpAnswer answer = open.post(Access.publish("t", null, type, null, "localhost:8080",
                    false, LOOPBACK, 2), new ByteArrayInputStream(body));
            assertEquals(415, answer.status(), type);
        }
        assertEquals(202, open.post(Access.publish("t", null, "Application/JSON; charset=utf-8", null,
                "localhost:8080", false, LOOPBACK, 2), new ByteArrayInputStream(body)).status());
        HttpAnswer proxied = open.post(Access.publish("t", null, "application/json", null,
                "chat.example.com", true, LOOPBACK, 2), new ByteArrayInputStream(body));
        assertEquals(403, proxied.status());
        assertTrue(proxied.body().contains("publish-token"), proxied.body());

        HttpPublish guarded = publish(Map.of("WSHUB_PUBLISH_TOKEN", "s3cret"));
        assertEquals(202, guarded.post(Access.publish("t", "Bearer s3cret", "application/json", null,
                "chat.example.com", true, LOOPBACK, 2), new ByteArrayInputStream(body)).status());
    }

    /** Bodies that once reached the subscribers wedging them, or answered 500 with a stack trace. */
    @Test
    void refusesInvalidUnicodeDeepNestingLongNumbersAndInvalidUtf8With400() throws IOException {
        HttpPublish open = publish(Map.of());

        assertBadRequest(open, "{\"price\":\"\\ud800\"}", "a string that is not valid Unicode");
        assertBadRequest(open, "{\"\\udfff\":1}", "a string that is not valid Unicode");
        assertBadRequest(open, "[".repeat(10_000) + "]".repeat(10_000), "nested deeper than 32 levels");
        assertBadRequest(open, "{\"n\":" + "1".repeat(1_200) + "}", "a number longer than 64 characters");
        assertBadRequest(open, "{} x", "not valid JSON");
        HttpAnswer invalidUtf8 = open.post(request("t", null, LOOPBACK, 4),
                new ByteArrayInputStream(new byte[] {'"', (byte) 0xC3, (byte) 0x28, '"'}));
        assertEquals(400, invalidUtf8.status());
        assertTrue(invalidUtf8.body().contains("not valid UTF-8"), invalidUtf8.body());
        assertEquals(202, post(open, "t", null, LOOPBACK, "{\"ok\":\"\\ud83c\\udf0d a pair is fine\"}").status());
        assertEquals(2, feeds.publish("t", "next"), "only the valid body was published");
    }

    private void assertBadRequest(HttpPublish publish, String body, String why) throws IOException {
        HttpAnswer answer = post(publish, "t", null, LOOPBACK, body);
        assertEquals(400, answer.status(), body.substring(0, Math.min(40, body.length())));
        assertTrue(answer.body().contains(why), answer.body());
    }

    /** What the connection needs after a refusal: the body read to its declared end, or a close. */
    @Test
    void aRefusedBodyIsReadToItsDeclaredEndOrTheConnectionCloses() throws IOException {
        HttpPublish guarded = publish(Map.of("WSHUB_PUBLISH_TOKEN", "s3cret", "WSHUB_MAX_MESSAGE_SIZE", "100"));

        ByteArrayInputStream unauthorized = new ByteArrayInputStream(new byte[70_000]);
        HttpAnswer refused = guarded.post(request("t", null, LOOPBACK, 70_000), unauthorized);
        assertEquals(401, refused.status());
        assertEquals(0, unauthorized.available());
        assertFalse(refused.headers().containsKey("Connection"));

        ByteArrayInputStream large = new ByteArrayInputStream(new byte[70_000]);
        HttpAnswer tooLarge = guarded.post(request("t", "Bearer s3cret", LOOPBACK, 70_000), large);
        assertEquals(413, tooLarge.status());
        assertEquals(0, large.available());
        assertFalse(tooLarge.headers().containsKey("Connection"));

        ByteArrayInputStream huge = new ByteArrayInputStream(new byte[4096]);
        HttpAnswer beyond = guarded.post(request("t", "Bearer s3cret", LOOPBACK, HttpPublish.DRAIN_LIMIT + 1),
                huge);
        assertEquals(413, beyond.status());
        assertEquals(4096, huge.available());
        assertEquals("close", beyond.headers().get("Connection"));

        HttpAnswer unknownLength = guarded.post(request("t", null, LOOPBACK, -1),
                new ByteArrayInputStream(new byte[10]));
        assertEquals(401, unknownLength.status());
        assertEquals("close", unknownLength.headers().get("Connection"));
        assertEquals("Bearer realm=\"wshub\"", unknownLength.headers().get("WWW-Authenticate"));

        HttpAnswer readToTheEnd = guarded.post(request("t", "Bearer s3cret", LOOPBACK, -1),
                new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(202, readToTheEnd.status());
        assertFalse(readToTheEnd.headers().containsKey("Connection"));
    }
}
