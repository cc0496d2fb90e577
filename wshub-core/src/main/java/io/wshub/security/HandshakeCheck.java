package io.wshub.security;

import java.util.Map;
import java.util.Objects;

/**
 * One rule a request must pass before it is upgraded or may publish. Every check is a CDI bean; {@link HandshakeChecks}
 * asks them in ascending {@link #order}, once per request, until one permits the request with an identity or
 * refuses it. wshub's own: {@link OriginCheck} (100), {@link TokenCheck} (150), {@link PublishCallerCheck} (200),
 * {@link ContainerLoginCheck} (300), {@link QueryUserCheck} (400), {@link AnonymousCheck} (1000). A check of the
 * application's goes between them by its order. Implementations are thread-safe.
 */
public interface HandshakeCheck {

    /** Where the check comes among the others: lower first. */
    int order();

    Verdict check(AccessRequest request);

    /** What a check decided. */
    sealed interface Verdict {

        /** No decision: the next check decides. */
        Verdict NEXT = new Next();

        static Verdict permit(Identity identity) {
            return new Permit(identity);
        }

        /** Refuses with a status; {@code code} and {@code message} are what the client is told. */
        static Verdict refuse(int status, String code, String message) {
            return new Refuse(status, code, message, Map.of());
        }
    }

    record Next() implements Verdict {
    }

    /** The request may go on, as this identity. */
    record Permit(Identity identity) implements Verdict {

        public Permit {
            Objects.requireNonNull(identity);
        }
    }

    /** The request is answered with this status and extra headers, and goes no further. */
    record Refuse(int status, String code, String message, Map<String, String> headers) implements Verdict {

        public Refuse {
            headers = Map.copyOf(headers);
        }
    }
}
