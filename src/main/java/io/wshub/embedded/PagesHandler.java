package io.wshub.embedded;

import io.wshub.security.PageHeaders;
import org.glassfish.grizzly.http.server.CLStaticHttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/** The pages, from the jar's {@code webapp/}, with {@link PageHeaders} as the WARs serve them. */
final class PagesHandler extends CLStaticHttpHandler {

    PagesHandler(ClassLoader classLoader) {
        super(classLoader, "/webapp/");
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        PageHeaders.ALL.forEach(response::setHeader);
        super.service(request, response);
    }
}
