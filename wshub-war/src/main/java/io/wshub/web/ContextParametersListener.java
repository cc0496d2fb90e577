package io.wshub.web;

import io.wshub.config.Settings;
import io.wshub.security.ConnectionLimits;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Makes the WAR's context parameters ({@code wshub.*}) the third source of {@link Settings}, then checks every
 * setting: an invalid one fails the deployment, with a message naming it; and logs the connection caps. Stateless.
 */
@WebListener
public class ContextParametersListener implements ServletContextListener {

    @Inject
    Settings settings;

    @Inject
    ConnectionLimits limits;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        settings.useContextParameters(context::getInitParameter);
        settings.validate();
        // now, so that a cap the open-file limit lowers is reported at deployment
        context.log("wshub: at most " + limits.maxTotal() + " WebSocket connections, " + limits.maxPerAddress()
                + " per client address");
    }
}
