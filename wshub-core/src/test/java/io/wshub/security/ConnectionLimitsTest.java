package io.wshub.security;

import io.wshub.config.AddressRange;
import io.wshub.config.Settings;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionLimitsTest {

    private static final List<AddressRange> LOOPBACK = new Settings(name -> null, new Properties()).trustedProxies();

    private static ConnectionLimits limits(int total, int perAddress, List<AddressRange> trusted) {
        return new ConnectionLimits(total, OptionalLong.empty(), perAddress, 20, trusted, Clock.systemUTC());
    }

    private static List<AddressRange> ranges(String... texts) {
        List<AddressRange> ranges = new ArrayList<>();
        for (String text : texts) {
            ranges.add(AddressRange.parse(text).orElseThrow());
        }
        return ranges;
    }

    @Test
    void leftAtZeroTheTotalCapKeepsATenthOfTheOpenFileLimitInReserve() {
        assertEquals(18_000, new ConnectionLimits(0, OptionalLong.of(20_000), 10, 20, List.of(), Clock.systemUTC())
                .maxTotal());
        assertEquals(700, new ConnectionLimits(0, OptionalLong.of(800), 10, 20, List.of(), Clock.systemUTC())
                .maxTotal(), "at least 100 descriptors are kept");
        assertEquals(Integer.MAX_VALUE, limits(0, 10, List.of()).maxTotal(), "no limit known: none imposed");
    }

    @Test
    void aConfiguredCapAboveTheOpenFileLimitIsLoweredToIt() {
        assertEquals(900, new ConnectionLimits(50_000, OptionalLong.of(1000), 10, 20, List.of(), Clock.systemUTC())
                .maxTotal());
        assertEquals(500, new ConnectionLimits(500, OptionalLong.of(1000), 10, 20, List.of(), Clock.systemUTC())
                .maxTotal());
    }

    @Test
    void theTotalCapRefusesOnceReachedAndAReleaseFreesAPlace() {
        ConnectionLimits limits = limits(2, 10, List.of());
        Optional<ConnectionLimits.Lease> first = limits.admit("192.0.2.1");
        assertTrue(first.isPresent());
        assertTrue(limits.admit("192.0.2.2").isPresent());
        assertTrue(limits.admit("192.0.2.3").isEmpty());
        assertTrue(limits.admit(null).isEmpty());
        first.get().release();
        first.get().release();
        assertEquals(1, limits.open(), "a second release changes nothing");
        assertTrue(limits.admit("192.0.2.3").isPresent());
        assertTrue(limits.admit("192.0.2.4").isEmpty());
    }

    @Test
    void thePerAddressCapCountsEachAddressApartAndARefusalTakesNoPlace() {
        ConnectionLimits limits = limits(100, 2, List.of());
        ConnectionLimits.Lease a1 = limits.admit("192.0.2.1").orElseThrow();
        limits.admit("192.0.2.1").orElseThrow();
        assertTrue(limits.admit("192.0.2.1").isEmpty());
        assertEquals(2, limits.open(), "the refused one is not counted in the total");
        assertTrue(limits.admit("192.0.2.2").isPresent());
        a1.release();
        assertTrue(limits.admit("192.0.2.1").isPresent());
        assertTrue(limits.admitForwarded("198.51.100.1").isPresent());
        assertTrue(limits.admitForwarded("198.51.100.1").isPresent());
        assertTrue(limits.admitForwarded("198.51.100.1").isEmpty());
        assertEquals(3, limits.open(), "a forwarded request's lease is not counted in the total");
    }

    @Test
    void thePerUserCapCountsEachUserApartAcrossAddressesAndAReleaseFreesAPlace() {
        ConnectionLimits limits = new ConnectionLimits(100, OptionalLong.empty(), 10, 2, List.of(),
                Clock.systemUTC());
        ConnectionLimits.Lease fromHome = limits.admit("192.0.2.1").orElseThrow();
        assertTrue(fromHome.countUser("alice"));
        ConnectionLimits.Lease fromWork = limits.admit("192.0.2.2").orElseThrow();
        assertTrue(fromWork.countUser("alice"));
        ConnectionLimits.Lease third = limits.admit("192.0.2.3").orElseThrow();
        assertFalse(third.countUser("alice"));
        assertTrue(third.countUser("bob"), "a refusal counted nothing, and other users have their own cap");
        assertTrue(limits.admitUser("alice").isEmpty());

        fromHome.release();
        fromHome.release();
        ConnectionLimits.Lease again = limits.admitUser("alice").orElseThrow();
        assertTrue(limits.admitUser("alice").isEmpty(), "a second release freed nothing more");
        again.release();
        fromWork.release();
        assertTrue(limits.admitUser("alice").isPresent());
        assertTrue(limits.admitUser("alice").isPresent());
        assertEquals(1, limits.open(), "a user's lease on its own is not counted in the total");
    }

    @Test
    void xForwardedForCountsOnlyFromATrustedProxyAndThenItsRightmostUntrustedHop() {
        ConnectionLimits limits = limits(100, 10, ranges("127.0.0.0/8", "::1", "10.0.0.0/8"));
        assertEquals("192.0.2.9", limits.clientAddress("192.0.2.9", List.of("203.0.113.1")),
                "an untrusted peer is the client, whatever it writes");
        assertEquals("203.0.113.1", limits.clientAddress("127.0.0.1", List.of("203.0.113.1")));
        assertEquals("203.0.113.1", limits.clientAddress("127.0.0.1", List.of("6.6.6.6, 203.0.113.1, 10.1.2.3")),
                "what the client wrote before the first untrusted hop is ignored");
        assertEquals("203.0.113.1", limits.clientAddress("::1", List.of("6.6.6.6", "203.0.113.1")),
                "several headers are one list, in order");
        assertEquals("10.1.2.3", limits.clientAddress("127.0.0.1", List.of("not-an-address, 10.1.2.3")),
                "a malformed hop ends the walk at the last trusted one");
        assertEquals("127.0.0.1", limits.clientAddress("127.0.0.1", List.of("garbage")));
        assertEquals("10.0.0.1", limits.clientAddress("127.0.0.1", List.of("10.0.0.1, 10.0.0.2")),
                "only trusted hops: the leftmost");
        assertEquals("127.0.0.1", limits.clientAddress("127.0.0.1", List.of()), "no header: the proxy itself");
        assertEquals("2001:db8:0:0:0:0:0:1", limits.clientAddress("127.0.0.1", List.of("[2001:db8::1]")),
                "one address has one spelling");
    }

    @Test
    void trustedProxiesAreParsedAsLiteralsAndRanges() {
        assertTrue(limits(1, 1, LOOPBACK).trusted("127.0.0.1"));
        assertTrue(limits(1, 1, LOOPBACK).trusted("127.8.9.10"));
        assertTrue(limits(1, 1, LOOPBACK).trusted("0:0:0:0:0:0:0:1"));
        assertFalse(limits(1, 1, LOOPBACK).trusted("192.0.2.1"));
        assertFalse(limits(1, 1, LOOPBACK).trusted(null));
        assertFalse(limits(1, 1, LOOPBACK).trusted("localhost"), "names are never resolved");
        assertFalse(limits(1, 1, List.of()).trusted("127.0.0.1"));
        ConnectionLimits private12 = limits(1, 1, ranges("172.16.0.0/12", "fd00::/8"));
        assertTrue(private12.trusted("172.31.255.255"));
        assertFalse(private12.trusted("172.32.0.0"));
        assertTrue(private12.trusted("fd12:3456::1"));
        assertFalse(private12.trusted("fe80::1"));
        assertTrue(private12.trusted("::ffff:172.16.0.1"), "an IPv4-mapped address is its IPv4 address");
    }

    @Test
    void onlyAddressesAndCidrRangesParse() {
        for (String bad : List.of("localhost", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0/8", "1.2.3.4.5",
                "10.0.0.0/-1", "")) {
            assertTrue(AddressRange.parse(bad).isEmpty(), bad);
        }
        assertEquals("10.0.0.0/8", AddressRange.parse("10.0.0.0/8").orElseThrow().toString());
        assertEquals(AddressRange.parse("::1").orElseThrow(), AddressRange.parse("0:0:0:0:0:0:0:1/128").orElseThrow());
    }

    @Test
    void theSettingsReachTheLimits() {
        Map<String, String> environment = Map.of("WSHUB_MAX_CONNECTIONS", "7",
                "WSHUB_MAX_CONNECTIONS_PER_ADDRESS", "3", "WSHUB_TRUSTED_PROXIES", "");
        ConnectionLimits limits = new ConnectionLimits(new Settings(environment::get, new Properties()),
                Clock.systemUTC());
        assertEquals(7, limits.maxTotal());
        assertEquals(3, limits.maxPerAddress());
        assertFalse(limits.trusted("127.0.0.1"));
    }
}
