package io.wshub.web;

import io.wshub.security.PageHeaders;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** Adds {@link PageHeaders} to every HTTP answer but the WebSocket upgrades. Thread-safe: stateless. */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class PageHeadersFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            PageHeaders.ALL.forEach(response::setHeader);
        }
        chain.doFilter(request, response);
    }
}
