package io.wshub.counter;

class LocalCounterStoreTest extends CounterStoreContract {

    @Override
    protected CounterStore store() {
        return new LocalCounterStore();
    }
}
