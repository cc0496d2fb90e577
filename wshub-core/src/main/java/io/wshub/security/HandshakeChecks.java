package io.wshub.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * The one decision on a request that wants in: every {@link HandshakeCheck} in order, until one permits or refuses.
 * The WARs' handshake filter, the embedded server's engine and the HTTP publish all ask it, once per request, and the
 * identity it permits is the one the connection gets. A request no check decides is refused: nothing gets in by
 * default. Thread-safe: the checks are, and their list is fixed at start.
 */
@ApplicationScoped
public class HandshakeChecks {

    static final HandshakeCheck.Refuse UNDECIDED = new HandshakeCheck.Refuse(403, "forbidden",
            "no rule of this server admits the request", Map.of());

    private final List<HandshakeCheck> checks;

    /** For CDI's client proxy only. */
    protected HandshakeChecks() {
        this.checks = null;
    }

    @Inject
    public HandshakeChecks(@Any Instance<HandshakeCheck> checks) {
        this(StreamSupport.stream(checks.spliterator(), false).toList());
    }

    public HandshakeChecks(List<HandshakeCheck> checks) {
        this.checks = checks.stream().sorted(Comparator.comparingInt(HandshakeCheck::order)).toList();
    }

    /** @return a {@link HandshakeCheck.Permit} or a {@link HandshakeCheck.Refuse} */
    public HandshakeCheck.Verdict decide(AccessRequest request) {
        for (HandshakeCheck check : checks) {
            HandshakeCheck.Verdict verdict = check.check(request);
            if (!(verdict instanceof HandshakeCheck.Next)) {
                return verdict;
            }
        }
        return UNDECIDED;
    }
}
