package io.wshub.web;

import io.wshub.config.Settings;
import io.wshub.feed.HttpPublish;
import io.wshub.security.AccessRequest;
import io.wshub.security.HttpAnswer;
import io.wshub.security.HttpTickets;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * wshub's HTTP API in the WARs: {@code POST /api/feed/{topic}} ({@link HttpPublish} decides),
 * {@code POST /api/ticket} ({@link HttpTickets}) and, with {@code auth=container}, {@code POST /api/logout}, which ends
 * the container login and so the connections opened under it ({@link LoginSessions}). Other methods get 405, other
 * paths under {@code /api/} 404 (the containers' default servlets disagree: Undertow answers a POST 405). Stateless.
 */
@WebServlet("/api/*")
public class ApiServlet extends HttpServlet {

    private static final String FEED = "/feed/";
    private static final String TICKET = "/ticket";
    private static final String LOGOUT = "/logout";

    @Inject
    transient HttpPublish publish;

    @Inject
    transient HttpTickets tickets;

    @Inject
    transient Settings settings;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        String path = request.getPathInfo();
        boolean logout = LOGOUT.equals(path) && settings.auth() == Settings.AuthMode.CONTAINER;
        if (path == null || !(path.startsWith(FEED) || path.equals(TICKET) || logout)) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        super.service(request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        String path = request.getPathInfo();
        if (path.equals(LOGOUT)) {
            HttpSession session = request.getSession(false);
            request.logout();
            if (session != null) {
                session.invalidate();
            }
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        HttpAnswer answer;
        if (path.equals(TICKET)) {
            answer = tickets.post(ServletAccess.of(request, AccessRequest.Purpose.TICKET));
        } else {
            answer = publish.post(new HttpPublish.Request(path.substring(FEED.length()), request.getContentType(),
                    request.getContentLengthLong(), ServletAccess.of(request, AccessRequest.Purpose.PUBLISH)),
                    request.getInputStream());
        }
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(answer.body());
    }
}
