package io.wshub.embedded;

import io.wshub.security.HandshakePolicy;
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
 * Tyrus's engine behind the {@link HandshakePolicy}: a refused handshake is answered 403 before any endpoint is
 * involved, as the servlet filter does in the WARs. Each upgraded connection reads through a {@link FrameGuard}.
 * Thread-safe: it delegates to a thread-safe engine and policy.
 */
final class GuardedEngine implements WebSocketEngine {

    private static final Logger LOG = Logger.getLogger(GuardedEngine.class.getName());

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
    private final HandshakePolicy policy;
    private final int largestFrame;

    GuardedEngine(WebSocketEngine engine, HandshakePolicy policy, int largestFrame) {
        this.engine = engine;
        this.policy = policy;
        this.largestFrame = largestFrame;
    }

    @Override
    public UpgradeInfo upgrade(UpgradeRequest request, UpgradeResponse response) {
        if (UpgradeRequest.WEBSOCKET.equalsIgnoreCase(request.getHeader(UpgradeRequest.UPGRADE))) {
            Optional<String> refusal = policy.refusal(request.getHeader("Origin"), request.getHeader("Host"),
                    request.getParameterMap().get(HandshakePolicy.USER_PARAMETER), request.getUserPrincipal() != null);
            if (refusal.isPresent()) {
                LOG.log(Level.FINE, () -> "refused handshake for " + request.getRequestUri() + ": " + refusal.get());
                response.setStatus(403);
                response.setReasonPhrase("Forbidden");
                // Tyrus writes the refusal without a body or a length; without this a client waits for one
                response.getHeaders().put("Content-Length", List.of("0"));
                return REFUSED;
            }
        }
        UpgradeInfo upgraded = engine.upgrade(request, response);
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

    @Override
    public void register(Class<?> endpointClass, String contextPath) throws DeploymentException {
        engine.register(endpointClass, contextPath);
    }

    @Override
    public void register(ServerEndpointConfig serverConfig, String contextPath) throws DeploymentException {
        engine.register(serverConfig, contextPath);
    }
}
