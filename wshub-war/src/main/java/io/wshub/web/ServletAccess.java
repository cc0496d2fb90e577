package io.wshub.web;

import io.wshub.security.AccessRequest;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a servlet request shows the {@link io.wshub.security.HandshakeChecks}. */
final class ServletAccess {

    private ServletAccess() {
    }

    static AccessRequest of(HttpServletRequest request, AccessRequest.Purpose purpose) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        Map<String, List<String>> query = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> query.put(name, Arrays.asList(values)));
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return new AccessRequest(purpose, path, headers, query, request.getRemoteAddr(), request.getUserPrincipal(),
                request::isUserInRole);
    }
}
