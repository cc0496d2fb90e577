package io.wshub.web;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * {@code /login/}: the WAR's {@code web.xml} lets only logged-in users reach it, so a visit makes the container ask
 * for its login (FORM: {@code login.html}); once logged in, the user is sent on to {@code ?then=}, a page of wshub
 * (the chat page by default). With {@code auth=container} the WebSocket handshakes of that browser then carry the
 * login. Stateless.
 */
@WebServlet("/login/*")
public class LoginServlet extends HttpServlet {

    /** A page of this application: a relative path of plain names, never another site. */
    private static final Pattern PAGE = Pattern.compile("[A-Za-z0-9_-]+\\.html");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String then = request.getParameter("then");
        String page = then != null && PAGE.matcher(then).matches() ? then : "chat.html";
        response.sendRedirect(request.getContextPath() + "/" + page);
    }
}
