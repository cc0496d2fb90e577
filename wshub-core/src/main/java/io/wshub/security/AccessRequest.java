package io.wshub.security;

import java.security.Principal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What a {@link HandshakeCheck} sees of a request that wants in, whatever serves the HTTP: an opening handshake
 * ({@link Purpose#CONNECT}), an HTTP publish ({@link Purpose#PUBLISH}) or a request for a one-time ticket
 * ({@link Purpose#TICKET}). Immutable.
 *
 * @param purpose       what the request is for
 * @param path          the request's path, from the context root
 * @param headers       the headers, by lower-case name, each with its values in order
 * @param query         the query parameters, each with its values in order
 * @param remoteAddress the address the request came from (a proxy's, behind one), or null where the runtime does not
 *                      tell it at this point
 * @param principal     the container's authenticated user, or null
 * @param inRole        whether the container's authenticated user is in a role (false where there is none)
 */
public record AccessRequest(Purpose purpose, String path, Map<String, List<String>> headers,
                            Map<String, List<String>> query, String remoteAddress, Principal principal,
                            Predicate<String> inRole) {

    /** What a request wants. */
    public enum Purpose { CONNECT, PUBLISH, TICKET }

    /** A request whose user, if any, is in no role. */
    public AccessRequest(Purpose purpose, String path, Map<String, List<String>> headers,
                         Map<String, List<String>> query, String remoteAddress, Principal principal) {
        this(purpose, path, headers, query, remoteAddress, principal, role -> false);
    }

    public AccessRequest {
        inRole = inRole == null ? role -> false : inRole;
        TreeMap<String, List<String>> byLowerCase = new TreeMap<>();
        headers.forEach((name, values) -> byLowerCase.merge(name.toLowerCase(Locale.ROOT), List.copyOf(values),
                (first, more) -> Stream.concat(first.stream(), more.stream()).toList()));
        headers = Map.copyOf(byLowerCase);
        query = Map.copyOf(query);
    }

    /** The first value of a header, any case, or null. */
    public String header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /** Every value of a header, any case. */
    public List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** The values of a query parameter, or null when the query does not name it. */
    public List<String> queryValues(String name) {
        return query.get(name);
    }

    /** Whether the request names a client it was forwarded for: it came through a proxy. */
    public boolean forwarded() {
        return header("X-Forwarded-For") != null || header("Forwarded") != null;
    }
}
