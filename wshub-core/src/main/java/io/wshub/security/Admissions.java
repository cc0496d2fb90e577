package io.wshub.security;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Objects;

/**
 * Carries a handshake's admission from where it was decided (the WARs' filter, the embedded engine) to the endpoint
 * configurator, which puts it in the session's user properties. Both run on the thread that upgrades the request, in
 * that order, on every runtime; a configurator that finds nothing here leaves the session without an identity, and
 * the registry closes it (1011), so a handshake that somehow skipped the checks never gets in. Thread-safe: one slot
 * per thread.
 */
@ApplicationScoped
public class Admissions {

    /**
     * What a handshake was admitted as.
     *
     * @param identity     who the connection is
     * @param lease        its place under the connection caps, or null where the runtime counts connections itself
     * @param loginSession the id of the HTTP session of the container login the identity came from, or null: the
     *                     connection is closed when that session ends ({@link
     *                     io.wshub.session.SessionRegistry#endLogin})
     */
    public record Admission(Identity identity, ConnectionLimits.Lease lease, String loginSession) {

        /** The property of the session's user properties that holds the login session's id. */
        public static final String LOGIN_SESSION_PROPERTY = "io.wshub.loginSession";

        public Admission {
            Objects.requireNonNull(identity);
        }

        public Admission(Identity identity, ConnectionLimits.Lease lease) {
            this(identity, lease, null);
        }
    }

    private final ThreadLocal<Admission> handedOver = new ThreadLocal<>();

    /** Leaves the admission of the handshake this thread is upgrading for {@link #take}. */
    public void handOver(Admission admission) {
        handedOver.set(admission);
    }

    /** The admission this thread's handshake left, if it is still there; it is no longer there after. */
    public Admission take() {
        Admission admission = handedOver.get();
        handedOver.remove();
        return admission;
    }
}
