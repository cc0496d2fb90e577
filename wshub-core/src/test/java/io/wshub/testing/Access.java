package io.wshub.testing;

import io.wshub.config.Settings;
import io.wshub.feed.HttpPublish;
import io.wshub.security.AccessRequest;
import io.wshub.security.AnonymousCheck;
import io.wshub.security.ContainerLoginCheck;
import io.wshub.security.HandshakeChecks;
import io.wshub.security.HandshakePolicy;
import io.wshub.security.LocalTickets;
import io.wshub.security.OriginCheck;
import io.wshub.security.PublishCallerCheck;
import io.wshub.security.QueryUserCheck;
import io.wshub.security.TicketOffice;
import io.wshub.security.TokenCheck;
import io.wshub.security.TokenVerifier;

import java.net.InetAddress;
import java.security.Principal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Requests as the runtimes show them to the handshake checks, and the checks as CDI would gather them. */
public final class Access {

    private Access() {
    }

    /** wshub's own checks, under these settings. */
    public static HandshakeChecks checks(Settings settings) {
        return checks(settings, new TicketOffice(new LocalTickets(TicketOffice.TOTAL_CHARS, Clock.systemUTC()),
                Clock.systemUTC()));
    }

    /** wshub's own checks, under these settings, redeeming the office's tickets. */
    public static HandshakeChecks checks(Settings settings, TicketOffice tickets) {
        return new HandshakeChecks(List.of(new AnonymousCheck(settings), new QueryUserCheck(settings),
                new ContainerLoginCheck(settings), new PublishCallerCheck(settings),
                new TokenCheck(settings, new TokenVerifier(settings), tickets),
                new OriginCheck(new HandshakePolicy(settings))));
    }

    /** A request for a ticket, with these headers (name, value, ...) and query. */
    public static AccessRequest ticketRequest(Map<String, List<String>> query, String... headers) {
        return new AccessRequest(AccessRequest.Purpose.TICKET, "/api/ticket", headers(headers), query, "127.0.0.1",
                null);
    }

    /** A handshake with these headers (name, value, ...), query and principal (or null). */
    public static AccessRequest handshake(Map<String, List<String>> query, Principal principal, String... headers) {
        return new AccessRequest(AccessRequest.Purpose.CONNECT, "/ws/echo", headers(headers), query, "127.0.0.1",
                principal);
    }

    /** An HTTP publish, with the headers a client sets (any may be null). */
    public static HttpPublish.Request publish(String topic, String authorization, String contentType, String origin,
                                              String host, boolean forwarded, InetAddress caller, long length) {
        AccessRequest access = new AccessRequest(AccessRequest.Purpose.PUBLISH, "/api/feed/" + topic,
                headers("Authorization", authorization, "Content-Type", contentType, "Origin", origin, "Host", host,
                        "X-Forwarded-For", forwarded ? "198.51.100.7" : null),
                Map.of(), caller.getHostAddress(), null);
        return new HttpPublish.Request(topic, contentType, length, access);
    }

    private static Map<String, List<String>> headers(String... namesAndValues) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                headers.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
            }
        }
        return headers;
    }
}
