package org.glassfish.tyrus.container.grizzly.server;

import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.tyrus.spi.ServerContainer;

/**
 * Makes Tyrus's Grizzly {@link WebSocketAddOn} available to a Grizzly {@code HttpServer} of our own, so that the
 * embedded server can bind the configured address and put the handshake policy in front of the engine. Tyrus 2.1's
 * constructor is package-private (eclipse-ee4j/tyrus#494); Tyrus 2.2 made it public, and this class goes away with
 * the move to it. Used by the embedded server only; the WARs do not contain it.
 */
public final class WebSocketAddOns {

    private WebSocketAddOns() {
    }

    public static AddOn forContainer(ServerContainer container, String contextPath) {
        return new WebSocketAddOn(container, contextPath);
    }
}
