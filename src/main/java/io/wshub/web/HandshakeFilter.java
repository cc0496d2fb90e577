package io.wshub.web;

import io.wshub.security.HandshakePolicy;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Refuses, with 403 and before the upgrade, the WebSocket handshakes that {@link HandshakePolicy} refuses, and with
 * 426 those of another protocol version than 13, as Tomcat and Tyrus do (Undertow accepts drafts 7 and 8). A filter,
 * because a servlet container's WebSocket upgrade filter is mapped after the application's own filters, and the
 * endpoint configurator can neither see the {@code Host} header in {@code checkOrigin} nor answer 403 from
 * {@code modifyHandshake}. Thread-safe: stateless.
 */
@WebFilter(urlPatterns = "/ws/*", asyncSupported = true)
public class HandshakeFilter extends HttpFilter {

    @Inject
    HandshakePolicy policy;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            if (!"13".equals(request.getHeader("Sec-WebSocket-Version"))) {
                // RFC 6455 4.4; Undertow would still speak the hybi-07/08 drafts
                response.setHeader("Sec-WebSocket-Version", "13");
                response.sendError(426, "only WebSocket version 13 is supported");
                return;
            }
            String[] users = request.getParameterValues(HandshakePolicy.USER_PARAMETER);
            Optional<String> refusal = policy.refusal(request.getHeader("Origin"), request.getHeader("Host"),
                    users == null ? null : List.of(users), request.getUserPrincipal() != null);
            if (refusal.isPresent()) {
                response.sendError(HttpServletResponse.SC_FORBIDDEN, refusal.get());
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
