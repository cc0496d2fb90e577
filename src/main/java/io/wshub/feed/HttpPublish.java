package io.wshub.feed;

import io.wshub.config.Settings;
import io.wshub.json.ErrorCode;
import io.wshub.json.JsonInput;
import io.wshub.security.HandshakePolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonValue;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/feed/{topic}} for producers outside the JVM, whatever serves the HTTP: the servlet in the WARs,
 * a Grizzly handler on the embedded server. A browser's request from a page of another site (its {@code Origin}) is
 * refused as the handshake would refuse it. When {@code publish-token} is set, a matching
 * {@code Authorization: Bearer} is required; when it is not, only loopback callers that did not come through a proxy
 * may publish. The body is one JSON value sent as {@code application/json}, at most {@code max-message-size} bytes.
 * Thread-safe: stateless.
 * <p>
 * A refusal given before the whole body was read (401, 403, 400 for the topic, 413 for the declared length) still
 * reads the rest of the body, up to {@value #DRAIN_LIMIT} bytes as Tomcat does ({@code maxSwallowSize}): a server that
 * closes the connection with bytes unread (Grizzly, in the embedded server and GlassFish, closes after any 400 or 413)
 * makes the kernel reset it, and a client still sending loses the answer. It reads exactly the declared length, never
 * to the end of the stream, which Grizzly leaves unbounded when a client also offers {@code Upgrade: h2c}, as the
 * JDK's HttpClient does. A longer body, or one of unknown length, gets {@code Connection: close} with the answer.
 */
@ApplicationScoped
public class HttpPublish {

    static final long DRAIN_LIMIT = 2L * 1024 * 1024;

    /** What to answer: a status, a JSON body and extra headers. */
    public record Answer(int status, String body, Map<String, String> headers) {

        static Answer of(int status, String code, String message) {
            String body = Json.createObjectBuilder().add("error", code).add("message", message).build().toString();
            return new Answer(status, body, Map.of());
        }

        Answer closing() {
            Map<String, String> closing = new HashMap<>(headers);
            closing.put("Connection", "close");
            return new Answer(status, body, Map.copyOf(closing));
        }
    }

    private final FeedService feeds;
    private final Settings settings;
    private final HandshakePolicy policy;

    /** For CDI's client proxy only. */
    protected HttpPublish() {
        this(null, null, null);
    }

    @Inject
    public HttpPublish(FeedService feeds, Settings settings, HandshakePolicy policy) {
        this.feeds = feeds;
        this.settings = settings;
        this.policy = policy;
    }

    /**
     * What the publish API looks at in a request, whatever serves the HTTP.
     *
     * @param topic         the path below {@code /api/feed/}
     * @param authorization the {@code Authorization} header, or null
     * @param contentType   the {@code Content-Type} header, or null
     * @param origin        the {@code Origin} header (a browser sends it with every POST), or null
     * @param host          the {@code Host} header, or null
     * @param forwarded     whether the request names a client it was forwarded for ({@code X-Forwarded-For} or
     *                      {@code Forwarded}): it came through a proxy
     * @param caller        the address the request came from
     * @param contentLength the declared length, or -1
     */
    public record Request(String topic, String authorization, String contentType, String origin, String host,
                          boolean forwarded, InetAddress caller, long contentLength) {
    }

    /**
     * @param body the request body; read to its declared length (up to {@value #DRAIN_LIMIT} bytes when refused), or,
     *             of unknown length, up to one byte past the limit
     */
    public Answer post(Request request, InputStream body) throws IOException {
        CountingStream counted = new CountingStream(body);
        Answer answer = answer(request, counted);
        return readRest(counted, request.contentLength()) ? answer : answer.closing();
    }

    private Answer answer(Request request, InputStream body) throws IOException {
        if (!policy.originAllowed(request.origin(), request.host())) {
            // a page of another site posting through its visitor's browser (CSRF)
            return Answer.of(403, "forbidden", "origin not allowed: " + request.origin());
        }
        Optional<String> token = settings.publishToken();
        if (token.isPresent()) {
            if (!matches(request.authorization(), token.get())) {
                return new Answer(401, Answer.of(401, "unauthorized", "a valid Authorization: Bearer token is required")
                        .body(), Map.of("WWW-Authenticate", "Bearer realm=\"wshub\""));
            }
        } else if (request.forwarded()) {
            // behind a proxy on the same host every caller looks like loopback
            return Answer.of(403, "forbidden", "through a proxy, publishing needs a publish-token");
        } else if (!request.caller().isLoopbackAddress()) {
            return Answer.of(403, "forbidden", "without a publish-token only loopback callers may publish");
        }
        String topic = request.topic();
        if (!FeedService.isValidTopic(topic)) {
            return Answer.of(400, FeedErrors.INVALID_TOPIC,
                    "a topic name is 1 to 64 of letters, digits, '_', '.', '-'");
        }
        if (!isJson(request.contentType())) {
            // also what keeps a browser's "simple" cross-site form or text/plain POST out
            return Answer.of(415, "unsupported-media-type", "the body must be sent as Content-Type: application/json");
        }
        long contentLength = request.contentLength();
        int limit = settings.maxMessageSize();
        if (contentLength > limit) {
            return Answer.of(413, "too-large", "the body is larger than " + limit + " bytes");
        }
        // exactly the declared length: Grizzly hands the raw stream over when a client also offers "Upgrade: h2c"
        byte[] bytes = body.readNBytes(contentLength >= 0 ? (int) contentLength : limit + 1);
        if (bytes.length > limit) {
            return Answer.of(413, "too-large", "the body is larger than " + limit + " bytes");
        }
        JsonValue data;
        try {
            data = parse(bytes);
        } catch (JsonInput.Invalid e) {
            return Answer.of(400, ErrorCode.BAD_REQUEST, "the body must be one JSON value: " + e.getMessage());
        }
        long seq = feeds.publish(topic, data);
        return new Answer(202, Json.createObjectBuilder().add("seq", seq).build().toString(), Map.of());
    }

    /** @return whether the body has been read to its end */
    private static boolean readRest(CountingStream body, long declared) throws IOException {
        if (body.ended) {
            return true;
        }
        if (declared < 0) {
            return false;
        }
        long remaining = declared - body.count;
        if (remaining > DRAIN_LIMIT) {
            return false;
        }
        byte[] scrap = new byte[(int) Math.min(remaining, 8192)];
        while (remaining > 0) {
            int read = body.read(scrap, 0, (int) Math.min(scrap.length, remaining));
            if (read < 0) {
                return true;
            }
            remaining -= read;
        }
        return true;
    }

    /** One complete JSON value in UTF-8 and nothing after it, within {@link JsonInput}'s limits. */
    private static JsonValue parse(byte[] bytes) throws JsonInput.Invalid {
        return JsonInput.read(JsonInput.utf8(bytes));
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String type = (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim();
        return type.equalsIgnoreCase("application/json");
    }

    private static boolean matches(String authorization, String token) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, token.getBytes(StandardCharsets.UTF_8));
    }

    /** Counts what {@link #answer} consumed, and whether it saw the end. */
    private static final class CountingStream extends FilterInputStream {

        long count;
        boolean ended;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b < 0) {
                ended = true;
            } else {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = in.read(buffer, offset, length);
            if (read < 0) {
                ended = true;
            } else {
                count += read;
            }
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
