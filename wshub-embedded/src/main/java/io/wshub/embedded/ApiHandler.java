package io.wshub.embedded;

import io.wshub.feed.HttpPublish;
import io.wshub.security.AccessRequest;
import io.wshub.security.HttpAnswer;
import io.wshub.security.HttpTickets;
import io.wshub.security.PageHeaders;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

import java.nio.charset.StandardCharsets;

/**
 * wshub's HTTP API on the embedded server, as the servlet serves it in the WARs: {@code POST /api/feed/{topic}} and
 * {@code POST /api/ticket}. Stateless.
 */
final class ApiHandler extends HttpHandler {

    static final String FEED = "/api/feed/";
    static final String TICKET = "/api/ticket";

    private final HttpPublish publish;
    private final HttpTickets tickets;

    ApiHandler(HttpPublish publish, HttpTickets tickets) {
        this.publish = publish;
        this.tickets = tickets;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        PageHeaders.ALL.forEach(response::setHeader);
        String uri = request.getRequestURI();
        if (!uri.startsWith(FEED) && !uri.equals(TICKET)) {
            response.sendError(404);
            return;
        }
        if (!Method.POST.equals(request.getMethod())) {
            response.setStatus(405);
            response.setHeader("Allow", "POST");
            return;
        }
        HttpAnswer answer;
        if (uri.equals(TICKET)) {
            answer = tickets.post(EmbeddedAccess.of(request, AccessRequest.Purpose.TICKET));
        } else {
            answer = publish.post(new HttpPublish.Request(uri.substring(FEED.length()),
                    request.getHeader("Content-Type"), request.getContentLengthLong(),
                    EmbeddedAccess.of(request, AccessRequest.Purpose.PUBLISH)), request.getInputStream());
        }
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        response.setContentType("application/json");
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
