package io.wshub.presence;

class LocalPresenceTest extends PresenceContract {

    @Override
    protected Presence presence() {
        return new LocalPresence();
    }
}
