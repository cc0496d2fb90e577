package io.wshub.security;

import io.wshub.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The last rule for handshakes with {@code auth=open}: a request nothing before named connects under a new anonymous
 * name. With another {@code auth} it admits nobody.
 */
@ApplicationScoped
public class AnonymousCheck implements HandshakeCheck {

    private static final int NAME_BYTES = 6;

    private final SecureRandom random = new SecureRandom();
    private final Settings settings;

    /** For CDI's client proxy only. */
    protected AnonymousCheck() {
        this.settings = null;
    }

    @Inject
    public AnonymousCheck(Settings settings) {
        this.settings = settings;
    }

    @Override
    public int order() {
        return 1000;
    }

    @Override
    public Verdict check(AccessRequest request) {
        if (request.purpose() != AccessRequest.Purpose.CONNECT || settings.auth() != Settings.AuthMode.OPEN) {
            return Verdict.NEXT;
        }
        byte[] bytes = new byte[NAME_BYTES];
        random.nextBytes(bytes);
        return Verdict.permit(new Identity("anon-" + HexFormat.of().formatHex(bytes), true));
    }
}
