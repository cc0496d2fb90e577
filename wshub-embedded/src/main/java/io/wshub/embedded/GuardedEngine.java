package io.wshub.embedded;

import io.wshub.security.Admissions;
import io.wshub.security.ConnectionLimits;
import io.wshub.security.HandshakeCheck;
import io.wshub.security.HandshakeChecks;
import io.wshub.security.Identity;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.UpgradeRequest;
import org.glassfish.tyrus.spi.UpgradeResponse;
import org.glassfish.tyrus.spi.WebSocketEngine;
import org.glassfish.tyrus.spi.Writer;

import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tyrus's engine behind the {@link HandshakeChecks}: a refused handshake is answered with the refusal's status before
 * any endpoint is involved, as the servlet filter does in the WARs; a permitted one is upgraded with its identity
 * handed to the endpoint configurator through the {@link Admissions}, with its place under the user's connection cap
 * (beyond it: 429 with {@code Retry-After}). Each upgraded connection reads through a
 * {@link FrameGuard}. Thread-safe: it delegates to a thread-safe engine and checks.
 */
final class GuardedEngine implements WebSocketEngine {

    private static final Logger LOG = Logger.getLogger(GuardedEngine.class.getName());
    private static final int TOO_MANY_REQUESTS = 429;

    private static final UpgradeInfo REFUSED = new UpgradeInfo() {
        @Override
        public UpgradeStatus getStatus() {
            return UpgradeStatus.HANDSHAKE_FAILED;
        }

        @Override
        public Connection createConnection(Writer writer, Connection.CloseListener closeListener) {
            return null;
        }
    };

    private final WebSocketEngine engine;
    private final HandshakeChecks checks;
    private final Admissions admissions;
    private final ConnectionLimits limits;
    private final int largestFrame;

    GuardedEngine(WebSocketEngine engine, HandshakeChecks checks, Admissions admissions, ConnectionLimits limits,
                  int largestFrame) {
        this.engine = engine;
        this.checks = checks;
        this.admissions = admissions;
        this.limits = limits;
        this.largestFrame = largestFrame;
    }

    @Override
    public UpgradeInfo upgrade(UpgradeRequest request, UpgradeResponse response) {
        if (!UpgradeRequest.WEBSOCKET.equalsIgnoreCase(request.getHeader(UpgradeRequest.UPGRADE))) {
            return engine.upgrade(request, response);
        }
        HandshakeCheck.Verdict verdict = checks.decide(EmbeddedAccess.of(request));
        if (verdict instanceof HandshakeCheck.Refuse refused) {
            // the path only: a query may carry a token (access_token) or a user's name
            LOG.log(Level.FINE, () -> "refused handshake for " + request.getRequestURI().getPath() + ": "
                    + refused.message());
            response.setStatus(refused.status());
            response.setReasonPhrase(refused.status() == 401 ? "Unauthorized" : "Forbidden");
            refused.headers().forEach((name, value) -> response.getHeaders().put(name, List.of(value)));
            // Tyrus writes the refusal without a body or a length; without this a client waits for one
            response.getHeaders().put("Content-Length", List.of("0"));
            return REFUSED;
        }
        Identity identity = ((HandshakeCheck.Permit) verdict).identity();
        Optional<ConnectionLimits.Lease> admitted = limits.admitUser(identity.user());
        if (admitted.isEmpty()) {
            response.setStatus(TOO_MANY_REQUESTS);
            response.setReasonPhrase("Too Many Requests");
            response.getHeaders().put("Retry-After", List.of(String.valueOf(ConnectionLimits.RETRY_AFTER_SECONDS)));
            response.getHeaders().put("Content-Length", List.of("0"));
            return REFUSED;
        }
        UpgradeInfo upgraded = upgrade(request, response, identity, admitted.get());
        if (upgraded.getStatus() != UpgradeStatus.SUCCESS) {
            return upgraded;
        }
        return new UpgradeInfo() {
            @Override
            public UpgradeStatus getStatus() {
                return UpgradeStatus.SUCCESS;
            }

            @Override
            public Connection createConnection(Writer writer, Connection.CloseListener closeListener) {
                LingeringWriter lingering = new LingeringWriter(writer, LingeringWriter.LINGER);
                Connection connection = upgraded.createConnection(lingering, closeListener);
                return connection == null ? null : new SizeLimitedConnection(connection, largestFrame, lingering);
            }
        };
    }

    /**
     * Upgrades with the admission handed to the endpoint configurator, which takes the lease to the connection (the
     * connection releases it when it ends); a lease not taken, or of an upgrade that failed, is released here.
     */
    private UpgradeInfo upgrade(UpgradeRequest request, UpgradeResponse response, Identity identity,
                                ConnectionLimits.Lease lease) {
        UpgradeInfo upgraded = null;
        admissions.handOver(new Admissions.Admission(identity, lease));
        try {
            upgraded = engine.upgrade(request, response);
        } finally {
            if (admissions.take() != null || upgraded == null || upgraded.getStatus() != UpgradeStatus.SUCCESS) {
                lease.release();
            }
        }
        return upgraded;
    }

    @Override
    public void register(Class<?> endpointClass, String contextPath) throws DeploymentException {
        engine.register(endpointClass, contextPath);
    }

    @Override
    public void register(ServerEndpointConfig serverConfig, String contextPath) throws DeploymentException {
        engine.register(serverConfig, contextPath);
    }
}
