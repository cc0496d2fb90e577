package io.wshub.it.embedded;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.shrinkwrap.api.Archive;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An Arquillian container for the embedded server: starting it runs {@code wshub-embedded.jar} as a separate
 * process, which already holds the application, so a deployment only reports where it is. With it the black-box ITs
 * that run against Tomcat run unchanged against the embedded runtime.
 */
public class EmbeddedJarContainer implements DeployableContainer<EmbeddedJarConfiguration> {

    private EmbeddedJarConfiguration configuration;
    private EmbeddedProcess server;

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
        server.close();
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        return new ProtocolDescription("Local");
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) {
        HTTPContext context = new HTTPContext("127.0.0.1", server.port());
        context.add(new Servlet("wshub", ""));
        return new ProtocolMetaData().addContext(context);
    }

    @Override
    public void undeploy(Archive<?> archive) {
        // the application lives as long as the server
    }
}
