package io.wshub.counter;

import io.wshub.json.ErrorEncoder;
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
 * The shared counter of Python websockets' example: {@code {"action":"plus"}} / {@code {"action":"minus"}}; every
 * client sees the value and how many clients there are. One instance per connection, used by one container thread
 * at a time.
 */
@ServerEndpoint(value = "/ws/counter", subprotocols = Subprotocols.V1,
        configurator = EndpointConfigurator.class,
        decoders = CounterCodec.Decoder.class, encoders = {CounterCodec.Encoder.class, ErrorEncoder.class})
public class CounterEndpoint {

    private static final Logger LOG = Logger.getLogger(CounterEndpoint.class.getName());

    @Inject
    SessionRegistry registry;
    @Inject
    ContainerSessions sessions;
    @Inject
    CounterService counter;
    @Inject
    RateLimits rateLimits;

    private Connection connection;
    private RateLimiter rate;

    @OnOpen
    public void open(Session session) {
        connection = sessions.open(session, OverflowPolicy.CLOSE);
        rate = rateLimits.forConnection();
        counter.join(connection);
    }

    @OnMessage
    public void action(CounterAction action) {
        counter.apply(connection, rate, action);
    }

    /** Containers drop a binary message silently when an endpoint has no handler for it; say so instead. */
    @OnMessage
    public void binary(byte[] ignored) {
        connection.close(Closes.TEXT_ONLY);
    }

    @OnClose
    public void close() {
        if (connection != null) {
            counter.leave(connection);
            registry.remove(connection);
        }
    }

    @OnError
    public void error(Throwable failure) {
        Endpoints.onError(registry, connection, failure, LOG);
    }
}
