package io.wshub.counter;

import io.wshub.testing.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class RedisCounterStoreTest extends CounterStoreContract {

    @RegisterExtension
    static final RedisServer.Extension REDIS = new RedisServer.Extension();

    @Override
    protected CounterStore store() {
        return new RedisCounterStore(REDIS.server().fresh());
    }

    @Test
    void everyNodeSeesOneValueAndARedisThatLostItsDataStartsANewEpoch() {
        CounterStore nodeA = store();
        CounterStore nodeB = new RedisCounterStore(REDIS.server().anotherNode());
        nodeA.add(5);
        assertEquals(new CounterStore.Value(3, 2), nodeB.add(-2));
        assertEquals(nodeA.epoch(), nodeB.epoch());
        String before = nodeA.epoch();

        REDIS.server().fresh();

        assertEquals(new CounterStore.Value(0, 0), nodeA.current());
        assertNotEquals(before, nodeB.epoch());
        assertEquals(nodeA.epoch(), nodeB.epoch());
    }
}
