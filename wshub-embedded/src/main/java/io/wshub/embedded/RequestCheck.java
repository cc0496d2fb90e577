package io.wshub.embedded;

import io.wshub.security.ConnectionLimits;
import io.wshub.security.HandshakePolicy;
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
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What every HTTP request of the embedded server must pass before anything serves it, pages, publish and handshakes
 * alike: a {@code Host} that {@link HandshakePolicy#hostAllowed} allows (else 421 Misdirected Request), and, for an
 * opening handshake, what RFC 6455 4.2.1 asks, before Tyrus sees it (Tyrus upgrades a {@code POST} or an HTTP/1.0
 * request, answers a missing key with 500 and another version with the status line "426 CUSTOM"): a request that is
 * not a {@code GET} over HTTP/1.1, or lacks a {@code Sec-WebSocket-Key} of 16 bytes in base64, is answered 400; a
 * version other than 13, 426 Upgrade Required with {@code Sec-WebSocket-Version: 13}; a request target that is not
 * a URI (a malformed percent-escape), 400. A request through a trusted
 * proxy is counted against the client it names ({@link ConnectionGate#admitForwarded}), and answered 503 when that
 * client is over its cap. A refusal closes the connection. It also tells the {@link ConnectionGate}, which sees only
 * bytes, when a request has arrived whole and when its answer, or the upgrade, has been written. Registered before
 * Tyrus's add-on, so that its filter comes first. Thread-safe: stateless but for the policy and the gate, which are.
 */
final class RequestCheck extends BaseFilter implements AddOn {

    private static final String CHECKED = "io.wshub.request-checked";
    private static final int MISDIRECTED = 421;
    private static final int SWITCHING_PROTOCOLS = 101;

    private final HandshakePolicy policy;
    private final ConnectionGate gate;

    RequestCheck(HandshakePolicy policy, ConnectionGate gate) {
        this.policy = policy;
        this.gate = gate;
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
                || !(content.getHttpHeader() instanceof HttpRequestPacket request)) {
            return ctx.getInvokeAction();
        }
        if (content.isLast()) {
            gate.requestReceived(ctx.getConnection());
        }
        if (request.getAttribute(CHECKED) != null) {
            return ctx.getInvokeAction();
        }
        // once per request: a body, and after an upgrade the frames, arrive as more content of the same request
        request.setAttribute(CHECKED, Boolean.TRUE);
        if (gate.fromTrustedProxy(ctx.getConnection()) && !gate.admitForwarded(ctx.getConnection(),
                headerValues(request, "X-Forwarded-For"))) {
            request.getResponse().setHeader("Retry-After", String.valueOf(ConnectionLimits.RETRY_AFTER_SECONDS));
            return refuse(ctx, request, 503, "Service Unavailable", "too many connections; try again later");
        }
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
        if (!isUri(request.getRequestURI(), request.getQueryString())) {
            // Tyrus would upgrade it, then fail to open the endpoint and drop the connection without a close frame
            return refuse(ctx, request, 400, "Bad Request", "the request target is not a valid URI (RFC 3986)");
        }
        return ctx.getInvokeAction();
    }

    private static boolean isUri(String path, String query) {
        try {
            new URI(query == null ? path : path + "?" + query);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Tells the gate where the connection is: upgraded, or answered. */
    @Override
    public NextAction handleWrite(FilterChainContext ctx) throws IOException {
        if (ctx.getMessage() instanceof HttpContent content
                && content.getHttpHeader() instanceof HttpResponsePacket response) {
            if (response.getStatus() == SWITCHING_PROTOCOLS) {
                gate.upgraded(ctx.getConnection());
            } else {
                gate.answered(ctx.getConnection(), content.isLast());
            }
        }
        return ctx.getInvokeAction();
    }

    private static List<String> headerValues(HttpRequestPacket request, String name) {
        List<String> values = new ArrayList<>();
        request.getHeaders().values(name).forEach(values::add);
        return values;
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
        ctx.write(answer, ConnectionGate.closing(ctx.getConnection()));
        return ctx.getStopAction();
    }
}
