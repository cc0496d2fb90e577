package io.wshub.web;

import io.wshub.session.SessionRegistry;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;

/**
 * Ends the WebSocket connections opened under a container login when its HTTP session ends: a logout
 * ({@code POST /api/logout}, or the application's own {@code invalidate()}) or the session's timeout closes them with
 * 1008 "logged out", on every container. Follows the session when the container changes its id. Stateless.
 */
@WebListener
public class LoginSessions implements HttpSessionListener, HttpSessionIdListener {

    @Inject
    SessionRegistry registry;

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        registry.endLogin(event.getSession().getId());
    }

    @Override
    public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
        registry.renameLogin(oldSessionId, event.getSession().getId());
    }
}
