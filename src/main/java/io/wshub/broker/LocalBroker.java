package io.wshub.broker;

import io.wshub.session.Connection;
import io.wshub.session.Outgoing;
import io.wshub.session.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Collection;

/**
 * The broker of a single node: hands each envelope straight to the outboxes of its local recipients, iterating
 * the registry's immutable snapshot without locks. One member that refuses a message (closed, or overflowing) does not
 * stop the others. Thread-safe.
 */
@ApplicationScoped
public class LocalBroker implements Broker {

    private final SessionRegistry registry;

    /** For CDI's client proxy only. */
    protected LocalBroker() {
        this.registry = null;
    }

    @Inject
    public LocalBroker(SessionRegistry registry) {
        this.registry = registry;
    }

    @Override
    public int publish(Envelope envelope) {
        Collection<Connection> recipients;
        if (envelope.target() instanceof Envelope.Group group) {
            recipients = registry.members(group.name());
        } else if (envelope.target() instanceof Envelope.User user) {
            recipients = registry.connectionsOf(user.name());
        } else {
            recipients = registry.connections();
        }
        Outgoing.Text message = new Outgoing.Text(envelope.text());
        String except = envelope.except();
        int accepted = 0;
        for (Connection member : recipients) {
            if ((except == null || !member.id().equals(except)) && member.send(message)) {
                accepted++;
            }
        }
        return accepted;
    }
}
