package io.wshub.security;

import io.wshub.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * The demo's identity: {@code ?user=alice} names the user, while {@code query-user} allows it. A request naming a user
 * when it is disabled, naming more than one, or naming one that is not 1 to 32 of letters, digits, '_', '.', '-' is
 * refused with 403; one that names nobody goes on. Only with {@code auth=open}: otherwise the parameter is ignored
 * (and never names anyone).
 */
@ApplicationScoped
public class QueryUserCheck implements HandshakeCheck {

    /** The query parameter that names the user. */
    public static final String USER_PARAMETER = "user";

    private final Settings settings;

    /** For CDI's client proxy only. */
    protected QueryUserCheck() {
        this.settings = null;
    }

    @Inject
    public QueryUserCheck(Settings settings) {
        this.settings = settings;
    }

    @Override
    public int order() {
        return 400;
    }

    @Override
    public Verdict check(AccessRequest request) {
        List<String> users = request.queryValues(USER_PARAMETER);
        if (request.purpose() != AccessRequest.Purpose.CONNECT || users == null || users.isEmpty()
                || settings.auth() != Settings.AuthMode.OPEN) {
            return Verdict.NEXT;
        }
        if (!settings.queryUser()) {
            return Verdict.refuse(403, "forbidden", "the user query parameter is disabled on this server");
        }
        if (users.size() != 1) {
            return Verdict.refuse(403, "forbidden", "more than one user query parameter");
        }
        if (!Identity.isQueryName(users.get(0))) {
            return Verdict.refuse(403, "forbidden", "invalid user name: 1 to 32 of letters, digits, '_', '.', '-'");
        }
        return Verdict.permit(new Identity(users.get(0), false));
    }
}
