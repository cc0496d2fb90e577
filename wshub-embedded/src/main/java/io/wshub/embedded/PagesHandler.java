package io.wshub.embedded;

import io.wshub.security.PageHeaders;
import org.glassfish.grizzly.http.server.CLStaticHttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * The pages, from the jar's {@code webapp/}, with {@link PageHeaders} as the WARs serve them; Markdown (the protocol)
 * as plain text, which browsers show rather than download, as the WARs' {@code web.xml} maps it.
 */
final class PagesHandler extends CLStaticHttpHandler {

    PagesHandler(ClassLoader classLoader) {
        super(classLoader, "/webapp/");
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        PageHeaders.ALL.forEach(response::setHeader);
        if (request.getRequestURI().endsWith(".md")) {
            response.setContentType("text/plain;charset=UTF-8");
        }
        super.service(request, response);
    }
}
