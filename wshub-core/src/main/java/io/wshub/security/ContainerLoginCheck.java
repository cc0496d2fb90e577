package io.wshub.security;

import io.wshub.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A handshake the container authenticated is its principal: the request is permitted as the principal's name, and
 * no later rule (the {@code user} query parameter) can name anyone else. A name wshub cannot route by
 * ({@link Identity#isUsableName}) is refused with 403, rather than giving a connection nobody can reach. With
 * {@code auth=container} a handshake without a principal is refused with 401, and no later rule is asked; with
 * {@code auth=token} this check is never asked ({@link TokenCheck} decides first).
 * <p>
 * With {@code auth=container} the principal's roles become the claims a token would carry: {@value #ADMIN_ROLE} is
 * {@link Claims#ADMIN}, and, when {@code room-roles} is set, the patterns of the user's roles are
 * {@link Claims#ROOMS} (none of them: no room).
 */
@ApplicationScoped
public class ContainerLoginCheck implements HandshakeCheck {

    /** The container role of an administrator. */
    public static final String ADMIN_ROLE = "wshub-admin";

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
        if (settings.auth() != Settings.AuthMode.CONTAINER) {
            return Verdict.permit(new Identity(name, false));
        }
        try {
            return Verdict.permit(new Identity(name, false, null, claims(request)));
        } catch (IllegalArgumentException e) {
            return Verdict.refuse(403, "forbidden", "the user's roles name more rooms than a claim holds ("
                    + Identity.MAX_CLAIM_LENGTH + " characters): " + e.getMessage());
        }
    }

    private Map<String, String> claims(AccessRequest request) {
        Map<String, String> claims = new HashMap<>();
        if (request.inRole().test(ADMIN_ROLE)) {
            claims.put(Claims.ADMIN, "true");
        }
        Map<String, List<String>> roomRoles = settings.roomRoles();
        if (!roomRoles.isEmpty()) {
            Set<String> patterns = new LinkedHashSet<>();
            roomRoles.forEach((role, rooms) -> {
                if (request.inRole().test(role)) {
                    patterns.addAll(rooms);
                }
            });
            claims.put(Claims.ROOMS, String.join(",", patterns));
        }
        return claims;
    }
}
