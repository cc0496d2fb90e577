package io.wshub.security;

import java.util.Map;

/**
 * The headers every HTTP answer of wshub carries, the pages above all: a Content-Security-Policy that lets a page
 * run only the application's own scripts and styles and connect only to its own server (CSP 3 matches {@code ws:}
 * and {@code wss:} of the page's host with {@code 'self'}), so that text that slipped into the page as HTML still
 * could not run. Forms may post to the server itself only: the container's login form does.
 */
public final class PageHeaders {

    public static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    public static final Map<String, String> ALL = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer");

    private PageHeaders() {
    }
}
