package io.wshub.feed;

import io.wshub.broker.LocalBroker;
import io.wshub.config.Settings;
import io.wshub.session.Lifecycle;
import io.wshub.session.SessionRegistry;
import io.wshub.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HttpPublishTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private SessionRegistry registry;

    @AfterEach
    void stop() {
        registry.shutdown();
    }

    private HttpPublish publish(Map<String, String> environment) {
        Settings settings = new Settings(environment::get, new Properties());
        registry = new SessionRegistry(settings, new Lifecycle(event -> { }));
        return new HttpPublish(new FeedService(registry, new LocalBroker(registry), new MutableClock()), settings);
    }

    private static HttpPublish.Answer post(HttpPublish publish, String topic, String authorization, InetAddress caller,
                                           String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return publish.post(topic, authorization, caller, bytes.length, new ByteArrayInputStream(bytes));
    }

    @Test
    void withoutATokenOnlyLoopbackCallersMayPublish() throws IOException {
        HttpPublish open = publish(Map.of());

        HttpPublish.Answer accepted = post(open, "t", null, LOOPBACK, "{\"a\":1}");
        assertEquals(202, accepted.status());
        assertEquals("{\"seq\":1}", accepted.body());
        assertEquals(202, post(open, "t", null, InetAddress.getByName("::1"), "[]").status());
        assertEquals(403, post(open, "t", null, InetAddress.getByName("192.0.2.7"), "{}").status());
    }

    @Test
    void withATokenEveryCallerNeedsIt() throws IOException {
        HttpPublish guarded = publish(Map.of("WSHUB_PUBLISH_TOKEN", "s3cret"));

        HttpPublish.Answer refused = post(guarded, "t", null, LOOPBACK, "{}");
        assertEquals(401, refused.status());
        assertEquals("Bearer realm=\"wshub\"", refused.headers().get("WWW-Authenticate"));
        assertEquals(401, post(guarded, "t", "Bearer wrong", LOOPBACK, "{}").status());
        assertEquals(401, post(guarded, "t", "Basic s3cret", LOOPBACK, "{}").status());
        assertEquals(202, post(guarded, "t", "Bearer s3cret", InetAddress.getByName("192.0.2.7"), "{}").status());
        assertEquals(202, post(guarded, "t", "bearer s3cret", LOOPBACK, "{}").status());
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
        assertEquals(413, open.post("t", null, LOOPBACK, -1, new ByteArrayInputStream(big)).status());
        assertEquals("{\"error\":\"bad-request\",\"message\":\"the body must be one JSON value\"}",
                post(open, "t", null, LOOPBACK, "nope").body());
    }
}
