package io.wshub.embedded;

import io.wshub.security.HandshakePolicy;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.memory.Buffers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * What every HTTP request of the embedded server must pass before anything serves it, pages, publish and handshakes
 * alike: a {@code Host} that {@link HandshakePolicy#hostAllowed} allows (else 421 Misdirected Request), and, for an
 * opening handshake, what RFC 6455 4.2.1 asks, before Tyrus sees it (Tyrus upgrades a {@code POST} or an HTTP/1.0
 * request, answers a missing key with 500 and another version with the status line "426 CUSTOM"): a request that is
 * not a {@code GET} over HTTP/1.1, or lacks a {@code Sec-WebSocket-Key} of 16 bytes in base64, is answered 400; a
 * version other than 13, 426 Upgrade Required with {@code Sec-WebSocket-Version: 13}. A refusal closes the
 * connection. Registered before Tyrus's add-on, so that its filter comes first. Thread-safe: stateless but for the
 * policy, which is.
 */
final class RequestCheck extends BaseFilter implements AddOn {

    private static final String CHECKED = "io.wshub.request-checked";
    private static final int MISDIRECTED = 421;

    private final HandshakePolicy policy;

    RequestCheck(HandshakePolicy policy) {
        this.policy = policy;
    }

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int server = builder.indexOfType(HttpServerFilter.class);
        if (server < 0) {
            throw new IllegalStateException("no HttpServerFilter in the filter chain");
        }
        builder.add(server, this);
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        if (!(ctx.getMessage() instanceof HttpContent content)
                || !(content.getHttpHeader() instanceof HttpRequestPacket request)
                || request.getAttribute(CHECKED) != null) {
            return ctx.getInvokeAction();
        }
        // once per request: a body, and after an upgrade the frames, arrive as more content of the same request
        request.setAttribute(CHECKED, Boolean.TRUE);
        String local = ctx.getConnection().getLocalAddress() instanceof InetSocketAddress address
                && address.getAddress() != null ? address.getAddress().getHostAddress() : null;
        if (!policy.hostAllowed(request.getHeader("Host"), local)) {
            return refuse(ctx, request, MISDIRECTED, "Misdirected Request",
                    "this server does not answer for that host name");
        }
        if (!"websocket".equalsIgnoreCase(request.getUpgrade())) {
            return ctx.getInvokeAction();
        }
        if (!Method.GET.equals(request.getMethod()) || request.getProtocol() != Protocol.HTTP_1_1) {
            return refuse(ctx, request, 400, "Bad Request", "a WebSocket handshake is an HTTP/1.1 GET");
        }
        if (!HandshakePolicy.isValidKey(request.getHeader("Sec-WebSocket-Key"))) {
            return refuse(ctx, request, 400, "Bad Request", "Sec-WebSocket-Key must be 16 bytes in base64");
        }
        if (!"13".equals(request.getHeader("Sec-WebSocket-Version"))) {
            request.getResponse().setHeader("Sec-WebSocket-Version", "13");
            return refuse(ctx, request, 426, "Upgrade Required", "only WebSocket version 13 is supported");
        }
        return ctx.getInvokeAction();
    }

    private static NextAction refuse(FilterChainContext ctx, HttpRequestPacket request, int status, String phrase,
                                     String why) {
        HttpResponsePacket response = request.getResponse();
        response.setProtocol(Protocol.HTTP_1_1);
        response.setStatus(status);
        response.setReasonPhrase(phrase);
        response.setHeader("Connection", "close");
        byte[] body = (status + "\n" + why + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/plain;charset=UTF-8");
        response.setContentLength(body.length);
        HttpContent answer = HttpContent.builder(response)
                .content(Buffers.wrap(ctx.getMemoryManager(), body)).last(true).build();
        Connection<?> connection = ctx.getConnection();
        ctx.write(answer, new EmptyCompletionHandler<WriteResult>() {
            @Override
            public void completed(WriteResult result) {
                connection.closeSilently();
            }

            @Override
            public void failed(Throwable error) {
                connection.closeSilently();
            }
        });
        return ctx.getStopAction();
    }
}
