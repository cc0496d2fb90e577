package io.wshub.security;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * A handshake the container authenticated is its principal: the request is permitted as the principal's name, and
 * no later rule (the {@code user} query parameter) can name anyone else. A name wshub cannot route by
 * ({@link Identity#isUsableName}) is refused with 403, rather than giving a connection nobody can reach.
 */
@ApplicationScoped
public class ContainerLoginCheck implements HandshakeCheck {

    @Override
    public int order() {
        return 300;
    }

    @Override
    public Verdict check(AccessRequest request) {
        if (request.purpose() != AccessRequest.Purpose.CONNECT || request.principal() == null) {
            return Verdict.NEXT;
        }
        String name = request.principal().getName();
        if (!Identity.isUsableName(name)) {
            return Verdict.refuse(403, "forbidden", "the container's user name cannot be used here: "
                    + Identity.USABLE_NAME_RULE);
        }
        return Verdict.permit(new Identity(name, false));
    }
}
