package io.wshub.embedded;

import io.wshub.feed.HttpPublish;
import io.wshub.security.PageHeaders;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /api/feed/{topic}} on the embedded server, as the servlet serves it in the WARs. Stateless.
 * <p>
 * An answer given before the whole body was read (401, 403, 400 for the topic, 413 for the declared length) must not
 * leave the rest of the body unread: Grizzly would close the connection with bytes still in the socket's receive
 * buffer, the kernel answers a client still sending with a reset, and the client loses the answer. Tomcat swallows up
 * to 2 MiB for the same reason ({@code maxSwallowSize}); so does this handler, reading exactly the declared length —
 * never to the end of the stream, which Grizzly leaves unbounded when a client also offers {@code Upgrade: h2c}, as the
 * JDK's HttpClient does. A longer body, or one of unknown length, closes the connection after the answer (as Grizzly
 * does after any 400 or 413, but then with nothing left unread).
 */
final class PublishHandler extends HttpHandler {

    static final String PREFIX = "/api/feed/";
    private static final long DRAIN_LIMIT = 2L * 1024 * 1024;

    private final HttpPublish publish;

    PublishHandler(HttpPublish publish) {
        this.publish = publish;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        PageHeaders.ALL.forEach(response::setHeader);
        if (!Method.POST.equals(request.getMethod())) {
            response.setStatus(405);
            response.setHeader("Allow", "POST");
            return;
        }
        String uri = request.getRequestURI();
        String topic = uri.startsWith(PREFIX) ? uri.substring(PREFIX.length()) : "";
        long declared = request.getContentLengthLong();
        CountingStream body = new CountingStream(request.getInputStream());
        HttpPublish.Answer answer = publish.post(topic, request.getHeader("Authorization"),
                InetAddress.getByName(request.getRemoteAddr()), declared, body);
        if (!drainRest(body, declared)) {
            response.setHeader("Connection", "close");
        }
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        response.setContentType("application/json");
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** @return whether the body has been read to its end */
    private static boolean drainRest(CountingStream body, long declared) throws IOException {
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

    /** Counts what {@link HttpPublish} consumed, and whether it saw the end. */
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
