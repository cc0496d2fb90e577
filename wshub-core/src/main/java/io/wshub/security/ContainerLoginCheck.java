package io.wshub.security;

import io.wshub.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * A handshake the container authenticated is its principal: the request is permitted as the principal's name, and
 * no later rule (the {@code user} query parameter) can name anyone else. A name wshub cannot route by
 * ({@link Identity#isUsableName}) is refused with 403, rather than giving a connection nobody can reach. With
 * {@code auth=container} a handshake without a principal is refused with 401, and no later rule is asked; with
 * {@code auth=token} this check is never asked ({@link TokenCheck} decides first).
 */
@ApplicationScoped
public class ContainerLoginCheck implements HandshakeCheck {

    private final Settings settings;

    /** For CDI's client proxy only. */
    protected ContainerLoginCheck() {
        this.settings = null;
    }

    @Inject
    public ContainerLoginCheck(Settings settings) {
        this.settings = settings;
    }

    @Override
    public int order() {
        return 300;
    }

    @Override
    public Verdict check(AccessRequest request) {
        if (request.purpose() != AccessRequest.Purpose.CONNECT) {
            return Verdict.NEXT;
        }
        if (request.principal() == null) {
            return settings.auth() == Settings.AuthMode.CONTAINER
                    ? new Refuse(401, "unauthorized", "log in first: this server takes the container's login",
                    Map.of())
                    : Verdict.NEXT;
        }
        String name = request.principal().getName();
        if (!Identity.isUsableName(name)) {
            return Verdict.refuse(403, "forbidden", "the container's user name cannot be used here: "
                    + Identity.USABLE_NAME_RULE);
        }
        return Verdict.permit(new Identity(name, false));
    }
}
