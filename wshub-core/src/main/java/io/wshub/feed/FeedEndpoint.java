package io.wshub.feed;

import io.wshub.json.ErrorEncoder;
import io.wshub.json.ErrorMessage;
import io.wshub.security.EndpointConfigurator;
import io.wshub.security.Subprotocols;
import io.wshub.session.Closes;
import io.wshub.session.Connection;
import io.wshub.session.ContainerSessions;
import io.wshub.session.Endpoints;
import io.wshub.session.OverflowPolicy;
import io.wshub.session.SessionRegistry;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;

import java.util.logging.Logger;

/**
 * A producer feed: the subscriber receives every item published to {@code {topic}}. Read-only. A subscriber that
 * reads too slowly loses the oldest items waiting for it (a gap in seq) rather than holding up anyone or growing
 * memory. One instance per connection, used by one container thread at a time.
 */
@ServerEndpoint(value = "/ws/feed/{topic}", subprotocols = Subprotocols.V1,
        configurator = EndpointConfigurator.class, encoders = ErrorEncoder.class)
public class FeedEndpoint {

    private static final Logger LOG = Logger.getLogger(FeedEndpoint.class.getName());
    private static final CloseReason INVALID_TOPIC =
            new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "invalid topic name");

    @Inject
    SessionRegistry registry;
    @Inject
    ContainerSessions sessions;
    @Inject
    FeedService feeds;

    private Connection connection;
    private String topic;

    @OnOpen
    public void open(Session session, @PathParam("topic") String topic) {
        connection = sessions.open(session, OverflowPolicy.DROP_OLDEST);
        if (FeedService.isValidTopic(topic)) {
            this.topic = topic;
            feeds.subscribe(connection, topic);
        } else {
            connection.sendTyped(new ErrorMessage(null, FeedErrors.INVALID_TOPIC,
                    "a topic name is 1 to 64 of letters, digits, '_', '.', '-'"));
            connection.close(INVALID_TOPIC);
        }
    }

    @OnMessage
    public void text(String text) {
        if (!connection.admits(text)) {
            return;
        }
        if (connection.mayAnswerRejection()) {
            connection.sendTyped(new ErrorMessage(null, FeedErrors.READ_ONLY,
                    "a feed is read-only; publish with POST /api/feed/{topic}"));
        } else {
            // each answer costs a send: a subscriber that keeps talking is let go, as on the other endpoints
            connection.close(Closes.TOO_MANY_INVALID);
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
            if (topic != null) {
                feeds.unsubscribe(connection, topic);
            }
            registry.remove(connection);
        }
    }

    @OnError
    public void error(Throwable failure) {
        Endpoints.onError(registry, connection, failure, LOG);
    }
}
