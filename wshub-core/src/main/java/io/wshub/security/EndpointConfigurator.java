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
 * Each instance is handed, through {@link EndpointInstances}, to its own {@code @OnOpen}, so that it is disposed of
 * (pre-destroy, and its {@code @Dependent} beans destroyed) when its connection ends.</li>
 * <li>It moves the {@link Admissions.Admission} that the runtime's hook decided with the {@link HandshakeChecks} and
 * left on this thread to the per-session user properties: the connection's {@link Identity}, and its
 * {@link ConnectionLimits.Lease}, for the registry to release when the connection closes. Nothing is decided
 * here.</li>
 * </ul>
 * Thread-safe: the container shares one instance between handshakes; its state is a concurrent cache and
 * volatile references to client proxies (looking one up twice is harmless).
 */
public class EndpointConfigurator extends ServerEndpointConfig.Configurator {

    private final Map<Class<?>, Unmanaged<?>> factories = new ConcurrentHashMap<>();
    private volatile Admissions admissions;
    private volatile EndpointInstances instances;

    /** The configurator the container builds, which finds the {@link Admissions} through CDI. */
    public EndpointConfigurator() {
    }

    /** A configurator on given admissions, for tests. */
    EndpointConfigurator(Admissions admissions) {
        this.admissions = admissions;
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        @SuppressWarnings("unchecked")
        Unmanaged<T> factory = (Unmanaged<T>) factories.computeIfAbsent(endpointClass, Unmanaged::new);
        Unmanaged.UnmanagedInstance<T> instance = factory.newInstance().produce().inject().postConstruct();
        T endpoint = instance.get();
        instances().built(endpoint, () -> instance.preDestroy().dispose());
        return endpoint;
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
        Admissions.Admission admission = admissions().take();
        Map<String, Object> properties = config.getUserProperties();
        properties.remove(Identity.PROPERTY);
        properties.remove(ConnectionLimits.LEASE_PROPERTY);
        properties.remove(Admissions.Admission.LOGIN_SESSION_PROPERTY);
        if (admission == null) {
            return;
        }
        properties.put(Identity.PROPERTY, admission.identity());
        if (admission.lease() != null) {
            properties.put(ConnectionLimits.LEASE_PROPERTY, admission.lease());
        }
        if (admission.loginSession() != null) {
            properties.put(Admissions.Admission.LOGIN_SESSION_PROPERTY, admission.loginSession());
        }
    }

    private EndpointInstances instances() {
        EndpointInstances known = instances;
        if (known == null) {
            known = CDI.current().select(EndpointInstances.class).get();
            instances = known;
        }
        return known;
    }

    private Admissions admissions() {
        Admissions known = admissions;
        if (known == null) {
            known = CDI.current().select(Admissions.class).get();
            admissions = known;
        }
        return known;
    }
}
