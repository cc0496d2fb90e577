package io.wshub.embedded;

import io.wshub.feed.HttpPublish;
import io.wshub.security.AccessRequest;
import io.wshub.security.PageHeaders;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

import java.nio.charset.StandardCharsets;

/** {@code POST /api/feed/{topic}} on the embedded server, as the servlet serves it in the WARs. Stateless. */
final class PublishHandler extends HttpHandler {

    static final String PREFIX = "/api/feed/";

    private final HttpPublish publish;

    PublishHandler(HttpPublish publish) {
        this.publish = publish;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        PageHeaders.ALL.forEach(response::setHeader);
        String uri = request.getRequestURI();
        if (!uri.startsWith(PREFIX)) {
            response.sendError(404);
            return;
        }
        if (!Method.POST.equals(request.getMethod())) {
            response.setStatus(405);
            response.setHeader("Allow", "POST");
            return;
        }
        String topic = uri.substring(PREFIX.length());
        HttpPublish.Answer answer = publish.post(new HttpPublish.Request(topic, request.getHeader("Content-Type"),
                request.getContentLengthLong(), EmbeddedAccess.of(request, AccessRequest.Purpose.PUBLISH)),
                request.getInputStream());
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        response.setContentType("application/json");
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
