package io.wshub.security;

import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.util.HexFormat;

/** The last rule for handshakes: a request nothing before named connects under a new anonymous name. */
@ApplicationScoped
public class AnonymousCheck implements HandshakeCheck {

    private static final int NAME_BYTES = 6;

    private final SecureRandom random = new SecureRandom();

    @Override
    public int order() {
        return 1000;
    }

    @Override
    public Verdict check(AccessRequest request) {
        if (request.purpose() != AccessRequest.Purpose.CONNECT) {
            return Verdict.NEXT;
        }
        byte[] bytes = new byte[NAME_BYTES];
        random.nextBytes(bytes);
        return Verdict.permit(new Identity("anon-" + HexFormat.of().formatHex(bytes), true));
    }
}
