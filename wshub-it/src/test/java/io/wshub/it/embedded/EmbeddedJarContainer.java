package io.wshub.it.embedded;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import io.wshub.it.WshubIT;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.Node;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;

/**
 * An Arquillian container for the embedded server: starting it runs {@code wshub-embedded.jar} as a separate
 * process, which already holds the application, so a deployment only reports where it is. With it the black-box ITs
 * that run against Tomcat run unchanged against the embedded runtime.
 */
public class EmbeddedJarContainer implements DeployableContainer<EmbeddedJarConfiguration> {

    private EmbeddedJarConfiguration configuration;
    private EmbeddedProcess server;
    private final Map<String, EmbeddedProcess> deployed = new ConcurrentHashMap<>();

    @Override
    public Class<EmbeddedJarConfiguration> getConfigurationClass() {
        return EmbeddedJarConfiguration.class;
    }

    @Override
    public void setup(EmbeddedJarConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public void start() throws LifecycleException {
        try {
            server = EmbeddedProcess.start(Path.of(configuration.getJar()), Path.of(configuration.getLogFile()),
                    List.of(configuration.getJavaOptions().trim().split("\\s+")), Map.of());
        } catch (IOException e) {
            throw new LifecycleException("cannot start the embedded server", e);
        }
    }

    @Override
    public void stop() {
        deployed.values().forEach(EmbeddedProcess::close);
        deployed.clear();
        server.close();
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        return new ProtocolDescription("Local");
    }

    /**
     * The jar already holds the application; a WAR whose {@code web.xml} gives settings of its own (context
     * parameters {@code wshub.*}) is run as a second server, with them as system properties, until it is undeployed.
     */
    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        Map<String, String> settings = settingsOf(archive);
        int port = server.port();
        if (!settings.isEmpty()) {
            List<String> options = new ArrayList<>(List.of(configuration.getJavaOptions().trim().split("\\s+")));
            settings.forEach((name, value) -> options.add("-D" + name + "=" + value));
            Path log = Path.of(configuration.getLogFile()).resolveSibling("embedded-" + archive.getName() + ".log");
            try {
                EmbeddedProcess own = EmbeddedProcess.start(Path.of(configuration.getJar()), log, options, Map.of());
                deployed.put(archive.getName(), own);
                port = own.port();
            } catch (IOException e) {
                throw new DeploymentException("cannot start the embedded server for " + archive.getName(), e);
            }
        }
        HTTPContext context = new HTTPContext("127.0.0.1", port);
        context.add(new Servlet("wshub", ""));
        return new ProtocolMetaData().addContext(context);
    }

    @Override
    public void undeploy(Archive<?> archive) {
        // the jar's own application lives as long as the server; a server of a WAR's own settings stops now
        EmbeddedProcess own = deployed.remove(archive.getName());
        if (own != null) {
            own.close();
        }
    }

    private static Map<String, String> settingsOf(Archive<?> archive) {
        Node webXml = archive.get("WEB-INF/web.xml");
        if (webXml == null) {
            return Map.of();
        }
        String text;
        try (InputStream in = webXml.getAsset().openStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        Matcher parameter = WshubIT.CONTEXT_PARAMETER.matcher(text);
        while (parameter.find()) {
            settings.put(parameter.group(1), parameter.group(2));
        }
        return settings;
    }
}
