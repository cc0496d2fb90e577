package io.wshub.session;

import io.wshub.json.MessageSize;
import io.wshub.json.RejectedMessageException;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** What every endpoint does with a failure the container reports to its {@code @OnError}. Stateless. */
public final class Endpoints {

    private Endpoints() {
    }

    /**
     * Answers a message that could not be decoded with its error message (the connection stays open), unless the
     * connection has sent more of them than its rate allows: then it is closed with 1008, since a working client
     * sends none and each answer costs the server a send. A broken connection is left to the container, which closes
     * it and calls {@code @OnClose}; anything else is logged, with a limit on how often (see {@link FailureLog}).
     *
     * @param connection null when the container reports the failure to an endpoint instance that never opened (Tyrus
     *                   does so after it has closed the session itself, e.g. with 1009)
     */
    public static void onError(SessionRegistry registry, Connection connection, Throwable failure, Logger log) {
        RejectedMessageException rejected = find(failure, RejectedMessageException.class);
        if (rejected != null && connection != null) {
            if (connection.mayAnswerRejection()) {
                connection.sendTyped(rejected.answer());
            } else {
                connection.close(Closes.TOO_MANY_INVALID);
            }
        } else if (find(failure, MessageSize.TooBig.class) != null && connection != null) {
            connection.close(Closes.TOO_BIG);
        } else if (connection == null || find(failure, IOException.class) != null) {
            log.log(Level.FINE, failure, () -> "connection lost: " + connection);
        } else {
            registry.failureLog().warn(log, failure, "error on " + connection);
        }
    }

    static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
