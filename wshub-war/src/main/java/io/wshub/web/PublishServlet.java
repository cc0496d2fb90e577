package io.wshub.web;

import io.wshub.feed.HttpPublish;
import io.wshub.security.AccessRequest;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /api/feed/{topic}} in the WARs; {@link HttpPublish} decides. Other methods get 405, other paths under
 * {@code /api/} 404 (the containers' default servlets disagree: Undertow answers a POST 405). Stateless.
 */
@WebServlet("/api/*")
public class PublishServlet extends HttpServlet {

    private static final String FEED = "/feed/";

    @Inject
    transient HttpPublish publish;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        String path = request.getPathInfo();
        if (path == null || !path.startsWith(FEED)) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        super.service(request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String topic = request.getPathInfo().substring(FEED.length());
        HttpPublish.Answer answer = publish.post(new HttpPublish.Request(topic, request.getContentType(),
                request.getContentLengthLong(), ServletAccess.of(request, AccessRequest.Purpose.PUBLISH)),
                request.getInputStream());
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(answer.body());
    }
}
