package io.wshub.stats;

import io.wshub.json.ErrorCode;
import io.wshub.json.ErrorEncoder;
import io.wshub.json.ErrorMessage;
import io.wshub.security.EndpointConfigurator;
import io.wshub.security.Subprotocols;
import io.wshub.session.Closes;
import io.wshub.session.Connection;
import io.wshub.session.ContainerSessions;
import io.wshub.session.Endpoints;
import io.wshub.session.OverflowPolicy;
import io.wshub.session.RateLimiter;
import io.wshub.session.RateLimits;
import io.wshub.session.SessionRegistry;
import jakarta.inject.Inject;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.util.logging.Logger;

/**
 * Answers {@code {"type":"stats"}} with a {@link StatsReply} from the shared {@link SessionRegistry}. One instance
 * per connection, used by one container thread at a time.
 */
@ServerEndpoint(value = "/ws/stats", subprotocols = Subprotocols.V1,
        configurator = EndpointConfigurator.class,
        decoders = StatsCodec.Decoder.class, encoders = {StatsCodec.Encoder.class, ErrorEncoder.class})
public class StatsEndpoint {

    private static final Logger LOG = Logger.getLogger(StatsEndpoint.class.getName());

    @Inject
    SessionRegistry registry;
    @Inject
    ContainerSessions sessions;
    @Inject
    RateLimits rateLimits;

    private Connection connection;
    private RateLimiter rate;

    @OnOpen
    public void open(Session session) {
        connection = sessions.open(session, OverflowPolicy.CLOSE);
        rate = rateLimits.forConnection();
    }

    @OnMessage
    public void command(StatsCommand command) {
        if (!rate.tryAcquire()) {
            // each answer walks every connection: a flood would cost the whole server
            connection.sendTyped(new ErrorMessage(command.id(), ErrorCode.RATE_LIMITED,
                    "too many requests a second; this one was not answered"));
        } else if (command instanceof StatsCommand.Stats stats) {
            int maxQueued = 0;
            long dropped = 0;
            for (Connection open : registry.connections()) {
                maxQueued = Math.max(maxQueued, open.outbox().queued());
                dropped += open.outbox().dropped();
            }
            connection.sendTyped(new StatsReply(stats.id(), connection.user(), connection.identity().anonymous(),
                    registry.connectionCount(), registry.userCount(), registry.groupCount(), maxQueued, dropped));
        }
    }

    /** Containers drop a binary message silently when an endpoint has no handler for it; say so instead. */
    @OnMessage
    public void binary(byte[] ignored) {
        connection.close(Closes.TEXT_ONLY);
    }

    @OnClose
    public void close() {
        if (connection != null) {
            registry.remove(connection);
        }
    }

    @OnError
    public void error(Throwable failure) {
        Endpoints.onError(registry, connection, failure, LOG);
    }
}
