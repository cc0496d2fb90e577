package io.wshub.itapp;

import io.wshub.feed.Publisher;
import io.wshub.session.ConnectionEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Application code as a user writes it, for {@code EmbeddedServerIT}: packaged at test time into a jar with a
 * {@code beans.xml} and given to the embedded server with {@code --lib}, never on the server's own classpath.
 */
@ApplicationScoped
public class Greeter {

    /** What a new connection receives. */
    public record Greeting(String type, String text) {
    }

    @Inject
    Publisher publisher;

    void greet(@Observes ConnectionEvent.Opened opened) {
        publisher.toUser(opened.user(), new Greeting("greeting", "welcome, " + opened.user()));
    }
}
