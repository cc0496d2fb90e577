package io.wshub.security;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.enterprise.inject.spi.Unmanaged;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The configurator of every wshub endpoint.
 * <ul>
 * <li>It builds endpoint instances through CDI ({@link Unmanaged}: produce, inject, post-construct), which is what
 * makes {@code @Inject} work in endpoints on Tomcat with Weld servlet and on the embedded server as on full servers.
 * Endpoints inject only normal-scoped beans (client proxies), so nothing an endpoint holds needs destroying and the
 * instance is simply left to the garbage collector with its session.</li>
 * <li>It records the connection's {@link Identity} in the per-session user properties. The request was already
 * checked by the runtime's hook with {@link HandshakePolicy#refusal}.</li>
 * <li>It moves the connection's {@link ConnectionLimits.Lease}, which a WAR's handshake filter left on this thread, to
 * the user properties, for the registry to release when the connection closes.</li>
 * </ul>
 * Thread-safe: the container shares one instance between handshakes; its state is a concurrent cache and a
 * volatile references to client proxies (looking it up twice is harmless).
 */
public class EndpointConfigurator extends ServerEndpointConfig.Configurator {

    private final Map<Class<?>, Unmanaged<?>> factories = new ConcurrentHashMap<>();
    private volatile HandshakePolicy policy;
    private volatile ConnectionLimits limits;

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        @SuppressWarnings("unchecked")
        Unmanaged<T> factory = (Unmanaged<T>) factories.computeIfAbsent(endpointClass, Unmanaged::new);
        return factory.newInstance().produce().inject().postConstruct().get();
    }

    /**
     * The first protocol the client offers that the endpoint speaks (RFC 6455 4.2.2: the client lists them in its
     * order of preference), the same on every container; none when it offers only others, and the connection goes on
     * without one, as the RFC allows.
     */
    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        return requested.stream().filter(supported::contains).findFirst().orElse("");
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        Identity identity = policy().identify(request.getUserPrincipal(),
                request.getParameterMap().get(HandshakePolicy.USER_PARAMETER));
        config.getUserProperties().put(Identity.PROPERTY, identity);
        ConnectionLimits.Lease lease = limits().takeHandedOver();
        if (lease != null) {
            config.getUserProperties().put(ConnectionLimits.LEASE_PROPERTY, lease);
        }
    }

    private ConnectionLimits limits() {
        ConnectionLimits known = limits;
        if (known == null) {
            known = CDI.current().select(ConnectionLimits.class).get();
            limits = known;
        }
        return known;
    }

    private HandshakePolicy policy() {
        HandshakePolicy known = policy;
        if (known == null) {
            known = CDI.current().select(HandshakePolicy.class).get();
            policy = known;
        }
        return known;
    }
}
