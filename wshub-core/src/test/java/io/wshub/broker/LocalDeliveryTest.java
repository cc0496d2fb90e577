package io.wshub.broker;

import io.wshub.security.Identity;
import io.wshub.session.Broadcast;
import io.wshub.session.Connection;
import io.wshub.session.Lifecycle;
import io.wshub.session.OverflowPolicy;
import io.wshub.session.WireFormat;
import io.wshub.testing.LocalNode;
import io.wshub.testing.MutableClock;
import io.wshub.testing.RecordingTransport;
import io.wshub.testing.TestJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalDeliveryTest {

    private static final String GROUP = "room:lobby";
    private static final String EPOCH = "e1";

    private final LocalNode node = new LocalNode(new MutableClock(), new Lifecycle(event -> { }));
    private final LocalDelivery delivery = node.delivery;
    private final AtomicInteger ids = new AtomicInteger();
    /** What the stream was asked for, as "after..upTo". */
    private final List<String> asked = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        node.close();
    }

    private Connection connect(RecordingTransport transport) {
        return connect(transport, TestJson.LABELS);
    }

    private Connection connect(RecordingTransport transport, WireFormat format) {
        return node.registry.connect("c" + ids.incrementAndGet(), new Identity("u" + ids.get(), false), format,
                transport, OverflowPolicy.CLOSE, 5_000);
    }

    /** A wire format that counts what it encodes, and cannot carry a message whose label contains "!". */
    private static final class CountingFormat implements WireFormat {

        private final String prefix;
        private final AtomicInteger encoded = new AtomicInteger();

        CountingFormat(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public String encode(Object message) {
            encoded.incrementAndGet();
            if (message.toString().contains("!")) {
                throw new IllegalArgumentException("no '!' in " + prefix);
            }
            return prefix + message;
        }
    }

    private static Envelope message(long seq) {
        return Envelope.inOrder(GROUP, Broadcast.of("m" + seq), new Envelope.Order(GROUP, EPOCH, seq, true));
    }

    /** A stream at {@code head} that still has the messages {@code kept} gives for a seq (null: not kept). */
    private LocalDelivery.Stream stream(long head, LongFunction<Envelope> kept) {
        return new LocalDelivery.Stream() {
            @Override
            public LocalDelivery.Position head() {
                return new LocalDelivery.Position(EPOCH, head);
            }

            @Override
            public List<Envelope> missing(LocalDelivery.Position from, long upTo) {
                asked.add(from.seq() + ".." + upTo);
                List<Envelope> found = new ArrayList<>();
                for (long seq = from.seq() + 1; seq <= upTo; seq++) {
                    Envelope envelope = kept.apply(seq);
                    if (envelope != null) {
                        found.add(envelope);
                    }
                }
                return found;
            }
        };
    }

    /** What a member is greeted with when it joins a stream. */
    public record Greeting(long at) {
    }

    private LocalDelivery.Joined join(Connection connection, LocalDelivery.Stream stream) {
        return delivery.join(connection, GROUP, GROUP, stream, position -> new Greeting(position.seq()));
    }

    private static List<String> await(RecordingTransport transport, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (transport.sent().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return transport.sent();
    }

    @Test
    void messagesThatOvertookOthersReachEveryMemberInSeqOrder() {
        RecordingTransport first = new RecordingTransport();
        RecordingTransport second = new RecordingTransport();
        join(connect(first), stream(0, seq -> null));
        join(connect(second), stream(0, seq -> null));

        for (long seq : new long[] {2, 3, 1, 5, 4}) {
            node.broker.publish(message(seq));
        }

        for (RecordingTransport member : List.of(first, second)) {
            assertEquals(List.of("m1", "m2", "m3", "m4", "m5"), member.sent().subList(1, 6));
        }
        assertEquals(List.of(), asked, "nothing was missing for long");
    }

    @Test
    void aMessageThatDoesNotComeIsFetchedFromTheStreamAfterTheWait() throws Exception {
        RecordingTransport member = new RecordingTransport();
        join(connect(member), stream(0, LocalDeliveryTest::message));

        node.broker.publish(message(1));
        node.broker.publish(message(3));
        node.broker.publish(message(4));
        assertEquals(List.of("m1"), member.sent().subList(1, 2));
        assertEquals(2, member.sent().size(), "3 and 4 wait for 2");

        assertEquals(List.of("m1", "m2", "m3", "m4"), await(member, 5).subList(1, 5));
        assertEquals(List.of("1..2"), asked);
        node.broker.publish(message(2));
        node.broker.publish(message(5));
        assertEquals(List.of("m1", "m2", "m3", "m4", "m5"), member.sent().subList(1, 6), "the late 2 is dropped");
    }

    @Test
    void whatTheStreamNoLongerHasIsSkipped() throws Exception {
        RecordingTransport member = new RecordingTransport();
        join(connect(member), stream(0, seq -> null));

        node.broker.publish(message(1));
        node.broker.publish(message(4));

        assertEquals(List.of("m1", "m4"), await(member, 3).subList(1, 3));
        assertEquals(List.of("1..3"), asked);
    }

    @Test
    void tooManyWaitingAsksTheStreamAtOnce() {
        RecordingTransport member = new RecordingTransport();
        join(connect(member), stream(0, seq -> null));

        for (long seq = 2; seq <= LocalDelivery.MAX_WAITING + 2; seq++) {
            node.broker.publish(message(seq));
        }

        assertEquals(LocalDelivery.MAX_WAITING + 2, member.sent().size());
        assertEquals("m2", member.sent().get(1));
        assertEquals(List.of("0..1"), asked);
    }

    @Test
    void aMemberJoinsAtTheStreamsPositionGreetedBeforeAnythingLive() {
        RecordingTransport early = new RecordingTransport();
        RecordingTransport late = new RecordingTransport();
        LocalDelivery.Joined first = join(connect(early), stream(7, seq -> null));
        node.broker.publish(message(8));
        node.broker.publish(message(9));
        Connection lateConnection = connect(late);
        LocalDelivery.Joined second = join(lateConnection, stream(0, seq -> null));
        LocalDelivery.Joined again = join(lateConnection, stream(0, seq -> null));
        node.broker.publish(message(10));

        assertEquals(new LocalDelivery.Position(EPOCH, 7), first.position());
        assertTrue(first.joined());
        assertEquals(new LocalDelivery.Position(EPOCH, 9), second.position(), "the cursor's, not a new head");
        assertFalse(again.joined());
        assertEquals(List.of("{\"at\":9}", "{\"at\":9}", "m10"), late.sent());
        assertEquals(List.of("m8", "m9", "m10"), early.sent().subList(1, 4));
    }

    @Test
    void aStreamThatStartedOverIsFollowedFromItsNewEpoch() {
        RecordingTransport member = new RecordingTransport();
        join(connect(member), stream(5, seq -> null));

        node.broker.publish(Envelope.inOrder(GROUP, Broadcast.of("new 1"), new Envelope.Order(GROUP, "e2", 1, true)));
        node.broker.publish(Envelope.inOrder(GROUP, Broadcast.of("new 2"), new Envelope.Order(GROUP, "e2", 2, true)));
        node.broker.publish(message(6));

        assertEquals(List.of("new 1", "new 2", "m6"), member.sent().subList(1, 4));
    }

    @Test
    void aReplacementOlderThanOneDeliveredIsDropped() {
        RecordingTransport member = new RecordingTransport();
        delivery.join(connect(member), "counter");
        for (long version : new long[] {2, 1, 2, 4, 3, 5}) {
            node.broker.publish(Envelope.inOrder("counter", Broadcast.of("v" + version),
                    new Envelope.Order("counter.value", "store", version, false)));
        }

        assertEquals(List.of("v2", "v4", "v5"), member.sent());
        assertEquals(List.of(), asked);
    }

    @Test
    void aHeldMemberGetsWhatWaitedForItBeforeWhatArrivedMeanwhile() {
        RecordingTransport tab = new RecordingTransport();
        RecordingTransport other = new RecordingTransport();
        delivery.join(connect(other), "inbox:bob");
        Connection connection = connect(tab);
        LocalDelivery.Holding holding = delivery.joinHeld(connection, "inbox:bob", 10);

        assertEquals(2, node.broker.publish(Envelope.to("inbox:bob", Broadcast.of("live 1"))));
        node.broker.publish(Envelope.to("room:elsewhere", Broadcast.of("not held")));
        int taken = holding.release(List.of("waited 1", "waited 2"));
        node.broker.publish(Envelope.to("inbox:bob", Broadcast.of("live 2")));

        assertEquals(2, taken);
        assertEquals(List.of("waited 1", "waited 2", "live 1", "live 2"), tab.sent());
        assertEquals(List.of("live 1", "live 2"), other.sent());
    }

    @Test
    void aHoldingThatOverflowsClosesItsConnectionAsASlowConsumer() throws Exception {
        RecordingTransport tab = new RecordingTransport();
        LocalDelivery.Holding holding = delivery.joinHeld(connect(tab), "inbox:bob", 2);
        for (int i = 0; i < 3; i++) {
            node.broker.publish(Envelope.to("inbox:bob", Broadcast.of("live " + i)));
        }
        holding.release(List.of());

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (tab.closes().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1013, tab.closes().get(0).code());
        assertFalse(tab.sent().contains("live 2"));
    }

    @Test
    void theNodeIsSubscribedToAGroupExactlyWhileItHasMembersHere() {
        Connection alice = connect(new RecordingTransport());
        Connection bob = connect(new RecordingTransport());
        join(alice, stream(0, seq -> null));
        join(bob, stream(0, seq -> null));
        int everyone = node.broker.subscriptionCount();

        delivery.leave(alice, GROUP);
        assertEquals(1, node.broker.publish(message(1)));
        node.registry.remove(bob);
        delivery.leave(bob, GROUP);

        assertEquals(everyone - 1, node.broker.subscriptionCount());
        assertEquals(0, node.broker.publish(message(2)));
        assertEquals(0, delivery.streamGroupCount(), "the group's cursor is forgotten too");
    }

    @Test
    void aBroadcastIsEncodedOncePerWireFormatAndEachRecipientGetsItsFormatsText() {
        CountingFormat plain = new CountingFormat("plain:");
        CountingFormat other = new CountingFormat("other:");
        List<RecordingTransport> plainMembers = List.of(new RecordingTransport(), new RecordingTransport(),
                new RecordingTransport());
        List<RecordingTransport> otherMembers = List.of(new RecordingTransport(), new RecordingTransport());
        plainMembers.forEach(member -> delivery.join(connect(member, plain), GROUP));
        otherMembers.forEach(member -> delivery.join(connect(member, other), GROUP));

        assertEquals(5, node.broker.publish(Envelope.to(GROUP, Broadcast.of("hi"))));

        assertEquals(1, plain.encoded.get());
        assertEquals(1, other.encoded.get());
        plainMembers.forEach(member -> assertEquals(List.of("plain:hi"), member.sent()));
        otherMembers.forEach(member -> assertEquals(List.of("other:hi"), member.sent()));
    }

    @Test
    void aBroadcastAFormatCannotCarryReachesNoneOfItsRecipientsAndTheOthersStillGetIt() {
        CountingFormat fussy = new CountingFormat("fussy:");
        RecordingTransport fussyMember = new RecordingTransport();
        RecordingTransport secondFussyMember = new RecordingTransport();
        RecordingTransport labelMember = new RecordingTransport();
        delivery.join(connect(fussyMember, fussy), GROUP);
        delivery.join(connect(secondFussyMember, fussy), GROUP);
        delivery.join(connect(labelMember), GROUP);

        assertEquals(1, node.broker.publish(Envelope.to(GROUP, Broadcast.of("hi!"))));
        node.broker.publish(Envelope.to(GROUP, Broadcast.of("next")));

        assertEquals(2, fussy.encoded.get(), "tried once for both its recipients, then once for the next message");
        assertEquals(List.of("fussy:next"), fussyMember.sent());
        assertEquals(List.of("fussy:next"), secondFussyMember.sent());
        assertEquals(List.of("hi!", "next"), labelMember.sent());
        assertEquals(List.of(), fussyMember.closes(), "the connection itself did nothing wrong");
    }
}
