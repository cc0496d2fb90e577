package io.wshub.security;

import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class EndpointConfiguratorTest {

    private final Admissions admissions = new Admissions();
    private final EndpointConfigurator configurator = new EndpointConfigurator(admissions);
    private final ServerEndpointConfig config = ServerEndpointConfig.Builder.create(Object.class, "/ws/echo").build();

    @Test
    void theHandedOverIdentityIsTheSessions() {
        admissions.handOver(new Admissions.Admission(new Identity("alice", false), null));

        configurator.modifyHandshake(config, null, null);

        assertEquals(new Identity("alice", false), config.getUserProperties().get(Identity.PROPERTY));
        assertFalse(config.getUserProperties().containsKey(ConnectionLimits.LEASE_PROPERTY));
    }

    /** A handshake that reached the configurator unchecked keeps nobody's identity, not even an earlier one's. */
    @Test
    void aHandshakeNothingAdmittedGetsNoIdentity() {
        config.getUserProperties().put(Identity.PROPERTY, new Identity("mallory", false));

        configurator.modifyHandshake(config, null, null);

        assertFalse(config.getUserProperties().containsKey(Identity.PROPERTY));
    }
}
