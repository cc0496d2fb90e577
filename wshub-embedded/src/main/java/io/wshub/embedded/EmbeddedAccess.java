package io.wshub.embedded;

import io.wshub.security.AccessRequest;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.tyrus.core.RequestContext;
import org.glassfish.tyrus.spi.UpgradeRequest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the embedded server's requests show the {@link io.wshub.security.HandshakeChecks}. */
final class EmbeddedAccess {

    private EmbeddedAccess() {
    }

    /** An opening handshake, as Tyrus's engine is handed it. */
    static AccessRequest of(UpgradeRequest request) {
        String remote = request instanceof RequestContext context ? context.getRemoteAddr() : null;
        return new AccessRequest(AccessRequest.Purpose.CONNECT, request.getRequestURI().getPath(),
                request.getHeaders(), request.getParameterMap(), remote, request.getUserPrincipal());
    }

    /** A plain HTTP request. */
    static AccessRequest of(Request request, AccessRequest.Purpose purpose) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : request.getHeaderNames()) {
            List<String> values = new ArrayList<>();
            request.getHeaders(name).forEach(values::add);
            headers.put(name, values);
        }
        Map<String, List<String>> query = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> query.put(name, Arrays.asList(values)));
        return new AccessRequest(purpose, request.getRequestURI(), headers, query, request.getRemoteAddr(),
                request.getUserPrincipal());
    }
}
