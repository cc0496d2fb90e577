package io.wshub.it;

import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URL;
import java.util.Map;

/**
 * A black-box IT against one deployment on the runtime under test; tests only see {@link #base} and talk to it over
 * the wire. Its subclass declares the deployment.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class RemoteIT {

    @ArquillianResource
    protected URL base;

    /**
     * Payara Micro reports the machine's own name, not the loopback address it is tested on; the tests and the
     * servers they start (nginx, proxies) expect loopback.
     */
    @BeforeEach
    void onLoopback() throws IOException {
        if (!InetAddress.getByName(base.getHost()).isLoopbackAddress()) {
            base = new URL(base.getProtocol(), "127.0.0.1", base.getPort(), base.getFile());
        }
    }

    /** The WebSocket URI of a path below the application, e.g. {@code ws("ws/echo")}. */
    protected URI ws(String path) {
        String http = base.toString();
        return URI.create("ws" + http.substring("http".length()) + path);
    }

    protected URI http(String path) {
        return URI.create(base + path);
    }

    protected WsClient connect(String path) {
        return WsClient.connect(ws(path));
    }

    protected WsClient connect(String path, Map<String, String> headers) {
        return WsClient.connect(ws(path), headers);
    }

    /** The Origin a page served by this server would send. */
    protected String ownOrigin() {
        return base.getProtocol() + "://" + base.getHost() + ":" + base.getPort();
    }
}
