package io.wshub.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Refuses, with 403, a request from a page of a site that {@code allowed-origins} does not allow
 * ({@link HandshakePolicy#originAllowed}): a handshake (cross-site WebSocket hijacking) or a publish posted through its
 * visitor's browser (CSRF). A request with no {@code Origin} is not from a browser page and goes on.
 */
@ApplicationScoped
public class OriginCheck implements HandshakeCheck {

    private final HandshakePolicy policy;

    /** For CDI's client proxy only. */
    protected OriginCheck() {
        this.policy = null;
    }

    @Inject
    public OriginCheck(HandshakePolicy policy) {
        this.policy = policy;
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public Verdict check(AccessRequest request) {
        String origin = request.header("Origin");
        if (policy.originAllowed(origin, request.header("Host"))) {
            return Verdict.NEXT;
        }
        return Verdict.refuse(403, "forbidden", "origin not allowed: " + origin);
    }
}
