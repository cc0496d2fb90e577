package io.wshub.it.embedded;

import org.jboss.arquillian.container.spi.ConfigurationException;
import org.jboss.arquillian.container.spi.client.container.ContainerConfiguration;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the embedded server's jar is and where its output goes; set from arquillian.xml. */
public class EmbeddedJarConfiguration implements ContainerConfiguration {

    private String jar;
    private String logFile;
    private String javaOptions = "";

    @Override
    public void validate() throws ConfigurationException {
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new ConfigurationException("no embedded jar at " + jar + ": run the package phase first");
        }
        if (logFile == null) {
            throw new ConfigurationException("logFile is required");
        }
    }

    public String getJar() {
        return jar;
    }

    public void setJar(String jar) {
        this.jar = jar;
    }

    public String getLogFile() {
        return logFile;
    }

    public void setLogFile(String logFile) {
        this.logFile = logFile;
    }

    /** JVM options for the server, separated by spaces. */
    public String getJavaOptions() {
        return javaOptions;
    }

    public void setJavaOptions(String javaOptions) {
        this.javaOptions = javaOptions;
    }
}
