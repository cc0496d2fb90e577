package io.wshub.embedded;

import io.wshub.security.AccessRequest;
import io.wshub.security.HandshakeCheck;
import io.wshub.security.HandshakeChecks;
import io.wshub.security.PageHeaders;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

import java.nio.charset.StandardCharsets;

/**
 * Plain HTTP requests for an endpoint's URL (the upgrades never reach it): the refusal's status and reason when the
 * {@link HandshakeChecks} would refuse the handshake, else 426, as the WARs' handshake filter answers. A browser
 * client, which cannot see why a handshake failed, asks so. Thread-safe: stateless.
 */
final class EndpointProbeHandler extends HttpHandler {

    static final String PREFIX = "/ws/";

    private final HandshakeChecks checks;

    EndpointProbeHandler(HandshakeChecks checks) {
        this.checks = checks;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        PageHeaders.ALL.forEach(response::setHeader);
        HandshakeCheck.Verdict verdict = checks.decide(EmbeddedAccess.of(request, AccessRequest.Purpose.CONNECT));
        String body;
        if (verdict instanceof HandshakeCheck.Refuse refused) {
            response.setStatus(refused.status());
            refused.headers().forEach(response::setHeader);
            body = refused.status() + "\n" + refused.message() + "\n";
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
