package io.wshub.broker;

class LocalBrokerTest extends BrokerContract {

    @Override
    protected Broker broker() {
        return new LocalBroker();
    }
}
