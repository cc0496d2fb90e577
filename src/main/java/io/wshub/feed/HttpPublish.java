package io.wshub.feed;

import io.wshub.config.Settings;
import io.wshub.json.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/feed/{topic}} for producers outside the JVM, whatever serves the HTTP: the servlet in the WARs,
 * a Grizzly handler on the embedded server. When {@code publish-token} is set, a matching
 * {@code Authorization: Bearer} is required; when it is not, only loopback callers may publish. The body is any
 * JSON value, at most {@code max-message-size} bytes. Thread-safe: stateless.
 */
@ApplicationScoped
public class HttpPublish {

    /** What to answer: a status, a JSON body and extra headers. */
    public record Answer(int status, String body, Map<String, String> headers) {

        static Answer of(int status, String code, String message) {
            String body = Json.createObjectBuilder().add("error", code).add("message", message).build().toString();
            return new Answer(status, body, Map.of());
        }
    }

    private final FeedService feeds;
    private final Settings settings;

    /** For CDI's client proxy only. */
    protected HttpPublish() {
        this(null, null);
    }

    @Inject
    public HttpPublish(FeedService feeds, Settings settings) {
        this.feeds = feeds;
        this.settings = settings;
    }

    /**
     * @param topic         the path below {@code /api/feed/}
     * @param authorization the {@code Authorization} header, or null
     * @param caller        the address the request came from
     * @param contentLength the declared length, or -1
     * @param body          the request body; read up to its declared length, or one byte past the limit
     */
    public Answer post(String topic, String authorization, InetAddress caller, long contentLength, InputStream body)
            throws IOException {
        Optional<String> token = settings.publishToken();
        if (token.isPresent()) {
            if (!matches(authorization, token.get())) {
                return new Answer(401, Answer.of(401, "unauthorized", "a valid Authorization: Bearer token is required")
                        .body(), Map.of("WWW-Authenticate", "Bearer realm=\"wshub\""));
            }
        } else if (!caller.isLoopbackAddress()) {
            return Answer.of(403, "forbidden", "without a publish-token only loopback callers may publish");
        }
        if (!FeedService.isValidTopic(topic)) {
            return Answer.of(400, FeedErrors.INVALID_TOPIC,
                    "a topic name is 1 to 64 of letters, digits, '_', '.', '-'");
        }
        int limit = settings.maxMessageSize();
        if (contentLength > limit) {
            return Answer.of(413, "too-large", "the body is larger than " + limit + " bytes");
        }
        // exactly the declared length: Grizzly hands the raw stream over when a client also offers "Upgrade: h2c"
        byte[] bytes = body.readNBytes(contentLength >= 0 ? (int) contentLength : limit + 1);
        if (bytes.length > limit) {
            return Answer.of(413, "too-large", "the body is larger than " + limit + " bytes");
        }
        Optional<JsonValue> data = parse(bytes);
        if (data.isEmpty()) {
            return Answer.of(400, ErrorCode.BAD_REQUEST, "the body must be one JSON value");
        }
        long seq = feeds.publish(topic, data.get());
        return new Answer(202, Json.createObjectBuilder().add("seq", seq).build().toString(), Map.of());
    }

    /** One complete JSON value and nothing after it. */
    private static Optional<JsonValue> parse(byte[] bytes) {
        try (JsonParser parser = Json.createParser(new ByteArrayInputStream(bytes))) {
            if (!parser.hasNext()) {
                return Optional.empty();
            }
            parser.next();
            JsonValue value = parser.getValue();
            return parser.hasNext() ? Optional.empty() : Optional.of(value);
        } catch (JsonException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    private static boolean matches(String authorization, String token) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, token.getBytes(StandardCharsets.UTF_8));
    }
}
