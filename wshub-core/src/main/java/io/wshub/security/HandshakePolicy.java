package io.wshub.security;

import io.wshub.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules on where a request comes from: which {@code Host} names the server answers for, which page origins may
 * connect or publish ({@link OriginCheck}), and what a valid {@code Sec-WebSocket-Key} is. Thread-safe: it keeps no
 * state but the settings.
 */
@ApplicationScoped
public class HandshakePolicy {

    private static final int KEY_BYTES = 16;
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9a-fA-F:.%]*:[0-9a-fA-F:.%]*");

    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

    private final Settings settings;

    /** For CDI's client proxy only. */
    protected HandshakePolicy() {
        this.settings = null;
    }

    @Inject
    public HandshakePolicy(Settings settings) {
        this.settings = settings;
    }

    /**
     * Whether a request may name this {@code Host}: a loopback name, one of {@code allowed-hosts} (a leading dot
     * matches the name and its subdomains, {@code *} any), or, while that is empty, the address the request came in
     * on. Anything else is refused before any page, handshake or publish is served: a page of a name that merely
     * resolves to this server (DNS rebinding) would otherwise pass the default Origin check, which trusts the Host.
     *
     * @param hostHeader   the {@code Host} header, or null
     * @param localAddress the address the connection came in on, as text (no brackets), or null
     */
    public boolean hostAllowed(String hostHeader, String localAddress) {
        String host = hostName(hostHeader);
        if (host == null) {
            return false;
        }
        if (LOOPBACK_HOSTS.contains(host) || host.endsWith(".localhost")) {
            return true;
        }
        List<String> allowed = settings.allowedHosts();
        if (allowed.isEmpty()) {
            String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            return localAddress != null && sameAddress(bare, localAddress);
        }
        for (String entry : allowed) {
            if (entry.equals("*") || entry.equals(host)
                    || entry.startsWith(".") && (host.endsWith(entry) || host.equals(entry.substring(1)))) {
                return true;
            }
        }
        return false;
    }

    /** Whether two IP literals name one address (an IPv6 one has several spellings); never asks DNS. */
    private static boolean sameAddress(String literal, String address) {
        if (literal.equalsIgnoreCase(address)) {
            return true;
        }
        if (!IP_LITERAL.matcher(literal).matches() || !IP_LITERAL.matcher(address).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).equals(InetAddress.getByName(address));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Whether a {@code Sec-WebSocket-Key} is what RFC 6455 4.1 asks: 16 bytes in base64. */
    public static boolean isValidKey(String key) {
        if (key == null) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key.trim()).length == KEY_BYTES;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    /** Whether a request with this {@code Origin} (null: not from a browser page) and {@code Host} may go on. */
    public boolean originAllowed(String origin, String host) {
        if (origin == null) {
            return true;
        }
        List<String> allowed = settings.allowedOrigins();
        if (allowed.contains("*")) {
            return true;
        }
        if (!allowed.isEmpty()) {
            String normalized = stripTrailingSlash(origin);
            return allowed.stream().anyMatch(entry -> stripTrailingSlash(entry).equalsIgnoreCase(normalized));
        }
        String originHost = hostOf(origin);
        if (originHost == null) {
            return false;
        }
        return LOOPBACK_HOSTS.contains(originHost) || originHost.equals(hostName(host));
    }

    private static String hostOf(String origin) {
        try {
            URI uri = new URI(origin);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            return uri.getHost().toLowerCase(Locale.ROOT);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The host name of a {@code Host} header, without its port. */
    private static String hostName(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return null;
        }
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private static String stripTrailingSlash(String origin) {
        return origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
    }
}
