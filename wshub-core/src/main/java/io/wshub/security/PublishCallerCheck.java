package io.wshub.security;

import io.wshub.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * Decides who may publish over HTTP. When {@code publish-token} is set, a matching {@code Authorization: Bearer}
 * (else 401 with {@code WWW-Authenticate}); when it is not, only loopback callers that did not come through a proxy
 * (else 403). Handshakes are not its business.
 */
@ApplicationScoped
public class PublishCallerCheck implements HandshakeCheck {

    /** The identity of an admitted publisher. */
    public static final Identity PUBLISHER = new Identity("publisher", false);

    private static final String BEARER = "Bearer ";

    private final Settings settings;

    /** For CDI's client proxy only. */
    protected PublishCallerCheck() {
        this.settings = null;
    }

    @Inject
    public PublishCallerCheck(Settings settings) {
        this.settings = settings;
    }

    @Override
    public int order() {
        return 200;
    }

    @Override
    public Verdict check(AccessRequest request) {
        if (request.purpose() != AccessRequest.Purpose.PUBLISH) {
            return Verdict.NEXT;
        }
        Optional<String> token = settings.publishToken();
        if (token.isPresent()) {
            if (matches(request.header("Authorization"), token.get())) {
                return Verdict.permit(PUBLISHER);
            }
            return new Refuse(401, "unauthorized", "a valid Authorization: Bearer token is required",
                    Map.of("WWW-Authenticate", "Bearer realm=\"wshub\""));
        }
        if (request.forwarded()) {
            // behind a proxy on the same host every caller looks like loopback
            return Verdict.refuse(403, "forbidden", "through a proxy, publishing needs a publish-token");
        }
        if (!isLoopback(request.remoteAddress())) {
            return Verdict.refuse(403, "forbidden", "without a publish-token only loopback callers may publish");
        }
        return Verdict.permit(PUBLISHER);
    }

    private static boolean matches(String authorization, String token) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] presented = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, token.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether an address, given as the runtime gives it (an IP literal), is loopback; never asks DNS. */
    private static boolean isLoopback(String address) {
        if (address == null || !address.matches("[0-9a-fA-F:.%\\[\\]]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
