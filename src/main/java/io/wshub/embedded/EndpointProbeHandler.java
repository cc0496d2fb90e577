package io.wshub.embedded;

import io.wshub.security.HandshakePolicy;
import io.wshub.security.PageHeaders;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Plain HTTP requests for an endpoint's URL (the upgrades never reach it): 403 with the reason when the handshake
 * would be refused, else 426, as the WARs' handshake filter answers. A browser client, which cannot see why a
 * handshake failed, asks so. Thread-safe: stateless.
 */
final class EndpointProbeHandler extends HttpHandler {

    static final String PREFIX = "/ws/";

    private final HandshakePolicy policy;

    EndpointProbeHandler(HandshakePolicy policy) {
        this.policy = policy;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        PageHeaders.ALL.forEach(response::setHeader);
        String[] users = request.getParameterValues(HandshakePolicy.USER_PARAMETER);
        Optional<String> refusal = policy.refusal(request.getHeader("Origin"), request.getHeader("Host"),
                users == null ? null : Arrays.asList(users), false);
        String body;
        if (refusal.isPresent()) {
            response.setStatus(403);
            body = "403\n" + refusal.get() + "\n";
        } else {
            response.setStatus(426, "Upgrade Required");
            response.setHeader("Upgrade", "websocket");
            // Grizzly sends a response that names an Upgrade without a length, as if it switched protocols: only the
            // end of the connection can end it
            response.setHeader("Connection", "close");
            body = "426\nthis URL takes WebSocket connections\n";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/plain;charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
