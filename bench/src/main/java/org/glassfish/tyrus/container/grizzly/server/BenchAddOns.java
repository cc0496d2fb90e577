package org.glassfish.tyrus.container.grizzly.server;

import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.tyrus.spi.ServerContainer;

/**
 * Opens Tyrus 2.1's package-private Grizzly add-on (public in 2.2) to {@code BareTyrus}, which has a listener of its
 * own.
 */
public final class BenchAddOns {

    private BenchAddOns() {
    }

    public static AddOn webSocket(ServerContainer container, String contextPath) {
        return new WebSocketAddOn(container, contextPath);
    }
}
