package io.wshub.web;

import io.wshub.config.Settings;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Makes the WAR's context parameters ({@code wshub.*}) the third source of {@link Settings}, then checks every
 * setting: an invalid one fails the deployment, with a message naming it. Stateless.
 */
@WebListener
public class ContextParametersListener implements ServletContextListener {

    @Inject
    Settings settings;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        settings.useContextParameters(context::getInitParameter);
        settings.validate();
    }
}
