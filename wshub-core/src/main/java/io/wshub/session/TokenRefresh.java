package io.wshub.session;

import io.wshub.config.Settings;
import io.wshub.json.ErrorCode;
import io.wshub.json.ErrorMessage;
import io.wshub.json.RefreshRequest;
import io.wshub.security.Identity;
import io.wshub.security.TokenRejectedException;
import io.wshub.security.TokenVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Carries out a client's {@code refresh} ({@link RefreshRequest}) with {@code auth=token}: a valid token for the same
 * user moves the connection's expiry to the token's {@code exp} and is answered
 * {@code {"type":"refreshed","id":...,"expires":...}}; an invalid one is answered {@code unauthorized}, and the old
 * expiry still holds; a valid token of another user closes the connection with 1008 (an identity never changes on a
 * connection). Only the expiry is renewed: the connection keeps the claims it was admitted with. Thread-safe:
 * stateless.
 */
@ApplicationScoped
public class TokenRefresh {

    /** The answer to a refresh: the connection now expires at {@code expires} (ISO-8601). */
    public record Refreshed(String type, String id, String expires) {

        Refreshed(String id, String expires) {
            this("refreshed", id, expires);
        }
    }

    private final Settings settings;
    private final TokenVerifier verifier;
    private final SessionRegistry registry;

    /** For CDI's client proxy only. */
    protected TokenRefresh() {
        this.settings = null;
        this.verifier = null;
        this.registry = null;
    }

    @Inject
    public TokenRefresh(Settings settings, TokenVerifier verifier, SessionRegistry registry) {
        this.settings = settings;
        this.verifier = verifier;
        this.registry = registry;
    }

    public void refresh(Connection connection, RefreshRequest request) {
        if (!connection.mayAnswerRejection()) {
            // a verification costs more than an answer: a connection that keeps asking is let go like a flood
            connection.close(Closes.TOO_MANY_INVALID);
            return;
        }
        if (settings.auth() != Settings.AuthMode.TOKEN) {
            connection.sendTyped(new ErrorMessage(request.id(), ErrorCode.BAD_REQUEST,
                    "this server takes no tokens (auth is not token): there is nothing to refresh"));
            return;
        }
        Identity renewed;
        try {
            renewed = verifier.verify(request.token());
        } catch (TokenRejectedException e) {
            connection.sendTyped(new ErrorMessage(request.id(), "unauthorized", e.getMessage()));
            return;
        }
        if (!renewed.user().equals(connection.user())) {
            registry.terminate(connection, Closes.ANOTHER_USERS_TOKEN);
            return;
        }
        registry.renew(connection, renewed.expiresAt().orElseThrow());
        connection.sendTyped(new Refreshed(request.id(), connection.expiry().toString()));
    }
}
