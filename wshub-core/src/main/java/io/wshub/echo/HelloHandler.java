package io.wshub.echo;

import io.wshub.session.Closes;
import io.wshub.session.Connection;
import io.wshub.session.StatelessHandler;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The seeds' one-to-one short connection: the first text message {@code NAME} is answered {@code hello NAME}, then
 * the server closes with 1000. Stateless.
 */
@ApplicationScoped
public class HelloHandler implements StatelessHandler<String> {

    @Override
    public void received(Connection connection, String name) {
        if (connection.admits(name)) {
            connection.send("hello " + name);
            connection.close(Closes.NORMAL);
        }
    }
}
