package io.wshub.feed;

import io.wshub.config.Settings;
import io.wshub.json.ErrorCode;
import io.wshub.json.JsonInput;
import io.wshub.security.AccessRequest;
import io.wshub.security.Claims;
import io.wshub.security.HandshakeCheck;
import io.wshub.security.HandshakeChecks;
import io.wshub.security.HttpAnswer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonValue;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * {@code POST /api/feed/{topic}} for producers outside the JVM, whatever serves the HTTP: the servlet in the WARs,
 * a Grizzly handler on the embedded server. Who may publish is decided by the {@link HandshakeChecks}, as for a
 * handshake: a browser's request from a page of another site is refused ({@link io.wshub.security.OriginCheck}), and
 * the {@link io.wshub.security.PublishCallerCheck} asks for the {@code publish-token} or a loopback caller; with
 * {@code auth=token}, the caller's token instead, whose {@code publish} claim must name the topic. The body
 * is one JSON value sent as {@code application/json}, at most {@code max-message-size} bytes.
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

    private final FeedService feeds;
    private final Settings settings;
    private final HandshakeChecks checks;

    /** For CDI's client proxy only. */
    protected HttpPublish() {
        this(null, null, null);
    }

    @Inject
    public HttpPublish(FeedService feeds, Settings settings, HandshakeChecks checks) {
        this.feeds = feeds;
        this.settings = settings;
        this.checks = checks;
    }

    /**
     * What the publish API looks at in a request, whatever serves the HTTP.
     *
     * @param topic         the path below {@code /api/feed/}
     * @param contentType   the {@code Content-Type} header, or null
     * @param contentLength the declared length, or -1
     * @param access        what the {@link HandshakeChecks} decide who may publish from
     */
    public record Request(String topic, String contentType, long contentLength, AccessRequest access) {
    }

    /**
     * @param body the request body; read to its declared length (up to {@value #DRAIN_LIMIT} bytes when refused), or,
     *             of unknown length, up to one byte past the limit
     */
    public HttpAnswer post(Request request, InputStream body) throws IOException {
        CountingStream counted = new CountingStream(body);
        HttpAnswer answer = answer(request, counted);
        return readRest(counted, request.contentLength()) ? answer : answer.closing();
    }

    private HttpAnswer answer(Request request, InputStream body) throws IOException {
        HandshakeCheck.Verdict verdict = checks.decide(request.access());
        if (verdict instanceof HandshakeCheck.Refuse refused) {
            return HttpAnswer.refused(refused);
        }
        String topic = request.topic();
        if (!FeedService.isValidTopic(topic)) {
            return HttpAnswer.error(400, FeedErrors.INVALID_TOPIC,
                    "a topic name is 1 to 64 of letters, digits, '_', '.', '-'");
        }
        if (settings.auth() == Settings.AuthMode.TOKEN && !Claims.allows(
                ((HandshakeCheck.Permit) verdict).identity().claims().get(Claims.PUBLISH), topic)) {
            return HttpAnswer.error(403, "forbidden", "this token's publish claim does not name topic " + topic);
        }
        if (!isJson(request.contentType())) {
            // also what keeps a browser's "simple" cross-site form or text/plain POST out
            return HttpAnswer.error(415, "unsupported-media-type",
                    "the body must be sent as Content-Type: application/json");
        }
        long contentLength = request.contentLength();
        int limit = settings.maxMessageSize();
        if (contentLength > limit) {
            return HttpAnswer.error(413, "too-large", "the body is larger than " + limit + " bytes");
        }
        // exactly the declared length: Grizzly hands the raw stream over when a client also offers "Upgrade: h2c"
        byte[] bytes = body.readNBytes(contentLength >= 0 ? (int) contentLength : limit + 1);
        if (bytes.length > limit) {
            return HttpAnswer.error(413, "too-large", "the body is larger than " + limit + " bytes");
        }
        JsonValue data;
        try {
            data = parse(bytes);
        } catch (JsonInput.Invalid e) {
            return HttpAnswer.error(400, ErrorCode.BAD_REQUEST,
                    "the body must be one JSON value: " + e.getMessage());
        }
        long seq = feeds.publish(topic, data);
        return new HttpAnswer(202, Json.createObjectBuilder().add("seq", seq).build().toString(), Map.of());
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
