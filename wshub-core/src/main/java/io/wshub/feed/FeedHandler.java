package io.wshub.feed;

import io.wshub.json.ErrorMessage;
import io.wshub.json.JsonInput;
import io.wshub.json.RefreshRequest;
import io.wshub.json.RejectedMessageException;
import io.wshub.session.CloseFrame;
import io.wshub.session.Closes;
import io.wshub.session.Connection;
import io.wshub.session.ConnectionHandler;
import io.wshub.session.OverflowPolicy;
import io.wshub.session.TokenRefresh;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * A subscriber of the feed {@code topic}: receives every item published to it. Read-only, but for a token
 * {@code refresh}. A subscriber that reads
 * too slowly loses the oldest items waiting for it (a gap in seq) rather than holding up anyone or growing memory.
 * Thread-safe.
 */
@ApplicationScoped
public class FeedHandler implements ConnectionHandler<String, FeedHandler.Subscription> {

    /** The address parameter that names the topic. */
    public static final String TOPIC = "topic";

    private static final CloseFrame INVALID_TOPIC = new CloseFrame(1008, "invalid topic name");

    /** A subscriber and its topic; null when the name it asked for was invalid. */
    public record Subscription(Connection connection, String topic) {
    }

    private final FeedService feeds;
    private final TokenRefresh refreshes;

    /** For CDI's client proxy only. */
    protected FeedHandler() {
        this(null, null);
    }

    @Inject
    public FeedHandler(FeedService feeds, TokenRefresh refreshes) {
        this.feeds = feeds;
        this.refreshes = refreshes;
    }

    @Override
    public OverflowPolicy overflow() {
        return OverflowPolicy.DROP_OLDEST;
    }

    @Override
    public Subscription opened(Connection connection, Map<String, String> parameters) {
        String topic = parameters.get(TOPIC);
        if (!FeedService.isValidTopic(topic)) {
            connection.sendTyped(new ErrorMessage(null, FeedErrors.INVALID_TOPIC,
                    "a topic name is 1 to 64 of letters, digits, '_', '.', '-'"));
            connection.close(INVALID_TOPIC);
            return new Subscription(connection, null);
        }
        feeds.subscribe(connection, topic);
        return new Subscription(connection, topic);
    }

    @Override
    public void received(Subscription subscription, String text) {
        Connection connection = subscription.connection();
        if (!connection.admits(text)) {
            return;
        }
        RefreshRequest refresh;
        try {
            refresh = RefreshRequest.of(text, JsonInput.read(text));
        } catch (JsonInput.Invalid notJson) {
            refresh = null;
        } catch (RejectedMessageException malformed) {
            if (connection.mayAnswerRejection()) {
                connection.sendTyped(malformed.answer());
            } else {
                connection.close(Closes.TOO_MANY_INVALID);
            }
            return;
        }
        if (refresh != null) {
            // the one message a feed takes: a subscriber's token outlives its first one only by a refresh
            refreshes.refresh(connection, refresh);
        } else if (connection.mayAnswerRejection()) {
            connection.sendTyped(new ErrorMessage(null, FeedErrors.READ_ONLY,
                    "a feed is read-only; publish with POST /api/feed/{topic}"));
        } else {
            // each answer costs a send: a subscriber that keeps talking is let go, as on the other endpoints
            connection.close(Closes.TOO_MANY_INVALID);
        }
    }

    @Override
    public void closed(Subscription subscription) {
        if (subscription.topic() != null) {
            feeds.unsubscribe(subscription.connection(), subscription.topic());
        }
    }
}
