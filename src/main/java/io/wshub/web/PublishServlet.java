package io.wshub.web;

import io.wshub.feed.HttpPublish;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/** {@code POST /api/feed/{topic}} in the WARs; {@link HttpPublish} decides. Other methods get 405. Stateless. */
@WebServlet("/api/feed/*")
public class PublishServlet extends HttpServlet {

    @Inject
    transient HttpPublish publish;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        String topic = path == null ? "" : path.substring(1);
        HttpPublish.Answer answer = publish.post(topic, request.getHeader("Authorization"),
                InetAddress.getByName(request.getRemoteAddr()), request.getContentLengthLong(),
                request.getInputStream());
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(answer.body());
    }
}
