package io.wshub.web;

import io.wshub.config.Settings;
import io.wshub.security.AccessRequest;
import io.wshub.security.Admissions;
import io.wshub.security.ConnectionLimits;
import io.wshub.security.HandshakeCheck;
import io.wshub.security.HandshakeChecks;
import io.wshub.security.HandshakePolicy;
import io.wshub.security.Identity;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Optional;

/**
 * Refuses, before the upgrade, the WebSocket handshakes that the {@link HandshakeChecks} refuse, with the status and
 * headers they answer, and with 426 those of another protocol version than 13, as Tomcat and Tyrus do (Undertow
 * accepts drafts 7 and 8). A plain HTTP request for an endpoint gets the same refusal, or 426 when the handshake
 * would be accepted. The identity the checks permit goes with the lease to the endpoint configurator. A filter,
 * because a servlet container's WebSocket upgrade filter is mapped after the application's own filters, and the
 * endpoint configurator can neither see the {@code Host} header in {@code checkOrigin} nor answer 403 from
 * {@code modifyHandshake}. A handshake beyond the {@link ConnectionLimits} is answered 503 with {@code Retry-After},
 * and 429 with it when its user has {@code max-connections-per-user} open. With {@code auth=container}, a handshake
 * without a login may bring {@code Authorization: Basic} credentials, which the container's realm checks.
 * Thread-safe: stateless.
 */
@WebFilter(urlPatterns = "/ws/*", asyncSupported = true)
public class HandshakeFilter extends HttpFilter {

    private static final int UPGRADE_REQUIRED = 426;
    private static final int TOO_MANY_REQUESTS = 429;

    private static final int SWITCHING_PROTOCOLS = 101;

    private static final String BASIC = "Basic ";

    @Inject
    HandshakeChecks checks;

    @Inject
    Admissions admissions;

    @Inject
    ConnectionLimits limits;

    @Inject
    Settings settings;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        boolean upgrade = "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
        if (upgrade && (!"GET".equals(request.getMethod()) || !"HTTP/1.1".equals(request.getProtocol()))) {
            // RFC 6455 4.1; some containers upgrade a POST or an HTTP/1.0 request
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "a WebSocket handshake is an HTTP/1.1 GET");
            return;
        }
        if (upgrade && !HandshakePolicy.isValidKey(request.getHeader("Sec-WebSocket-Key"))) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "Sec-WebSocket-Key must be 16 bytes in base64");
            return;
        }
        if (upgrade && !"13".equals(request.getHeader("Sec-WebSocket-Version"))) {
            // RFC 6455 4.4; Undertow would still speak the hybi-07/08 drafts
            response.setHeader("Sec-WebSocket-Version", "13");
            response.sendError(UPGRADE_REQUIRED, "only WebSocket version 13 is supported");
            return;
        }
        if (settings.auth() == Settings.AuthMode.CONTAINER && request.getUserPrincipal() == null) {
            logInWithBasicCredentials(request);
        }
        HandshakeCheck.Verdict verdict = checks.decide(ServletAccess.of(request, AccessRequest.Purpose.CONNECT));
        if (verdict instanceof HandshakeCheck.Refuse refused) {
            refused.headers().forEach(response::setHeader);
            response.sendError(refused.status(), refused.message());
        } else if (!upgrade) {
            // a plain request for an endpoint is told what the handshake would be: a browser client, which cannot see
            // why a handshake failed, asks so
            response.setHeader("Upgrade", "websocket");
            response.sendError(UPGRADE_REQUIRED, "this URL takes WebSocket connections");
        } else {
            upgrade(request, response, chain, ((HandshakeCheck.Permit) verdict).identity());
        }
    }

    /**
     * A client that cannot log in through a page (a script, a service) may send {@code Authorization: Basic}: the
     * container checks it against its realm, as its own BASIC login would. Wrong credentials leave the request
     * without a principal, which the checks then refuse.
     */
    private static void logInWithBasicCredentials(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return;
        }
        String credentials;
        try {
            credentials = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length()).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return;
        }
        int colon = credentials.indexOf(':');
        if (colon < 1) {
            return;
        }
        try {
            request.login(credentials.substring(0, colon), credentials.substring(colon + 1));
        } catch (ServletException refused) {
            // no principal: refused with 401 like any handshake without a login
        }
    }

    /**
     * Lets the container upgrade a handshake admitted under the connection caps; its lease goes, through the endpoint
     * configurator, to the connection, which releases it when it closes, and is released here if no connection
     * opens.
     */
    private void upgrade(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                         Identity identity) throws IOException, ServletException {
        String client = limits.clientAddress(request.getRemoteAddr(),
                Collections.list(request.getHeaders("X-Forwarded-For")));
        Optional<ConnectionLimits.Lease> admitted = limits.admit(client);
        if (admitted.isEmpty()) {
            response.setHeader("Retry-After", String.valueOf(ConnectionLimits.RETRY_AFTER_SECONDS));
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "too many connections; try again later");
            return;
        }
        ConnectionLimits.Lease lease = admitted.get();
        if (!lease.countUser(identity.user())) {
            lease.release();
            response.setHeader("Retry-After", String.valueOf(ConnectionLimits.RETRY_AFTER_SECONDS));
            response.sendError(TOO_MANY_REQUESTS, "too many connections of this user; close one first");
            return;
        }
        // a connection opened under a page's login ends with that login (LoginSessions)
        HttpSession session = request.getUserPrincipal() == null ? null : request.getSession(false);
        admissions.handOver(new Admissions.Admission(identity, lease, session == null ? null : session.getId()));
        boolean upgraded = false;
        try {
            chain.doFilter(request, response);
            upgraded = response.getStatus() == SWITCHING_PROTOCOLS;
        } finally {
            if (admissions.take() != null || !upgraded) {
                lease.release();
            }
        }
    }
}
