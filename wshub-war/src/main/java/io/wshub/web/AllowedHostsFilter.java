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

/**
 * Refuses, with 421 Misdirected Request, every request whose {@code Host} {@link HandshakePolicy#hostAllowed} does not
 * allow: pages, handshakes and publish alike, so that a page of a name that merely resolves to this server (DNS
 * rebinding) gets nothing from it. Thread-safe: stateless.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class AllowedHostsFilter extends HttpFilter {

    private static final int MISDIRECTED = 421;

    @Inject
    HandshakePolicy policy;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!policy.hostAllowed(request.getHeader("Host"), request.getLocalAddr())) {
            response.sendError(MISDIRECTED, "this server does not answer for that host name");
            return;
        }
        chain.doFilter(request, response);
    }
}
