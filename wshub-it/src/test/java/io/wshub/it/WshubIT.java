package io.wshub.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.Asset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The base of most black-box ITs: the WAR the build made (the Tomcat flavour on Tomcat, the thin one elsewhere),
 * deployed as {@code wshub.war}, or the embedded server, with the settings every runtime of the IT suite is started
 * with.
 */
public abstract class WshubIT extends RemoteIT {

    /** The name and context root of the deployment most ITs run against. */
    static final String WAR = "wshub.war";

    /** The element a WAR's {@code web.xml} gives each of its settings in. */
    public static final Pattern CONTEXT_PARAMETER = Pattern.compile(
            "<context-param>\\s*<param-name>(wshub\\.[^<]+)</param-name>\\s*<param-value>([^<]*)</param-value>");

    @Deployment(testable = false)
    public static WebArchive deployment() {
        return deployment(WAR, Map.of());
    }

    /**
     * The WAR under another name, with settings of its own as servlet context parameters (the way an operator sets
     * them in a WAR), beside those of the runtime; on the embedded runtime an archive with only that {@code web.xml},
     * which the embedded container runs as a server of its own with those settings.
     */
    static WebArchive deployment(String name, Map<String, String> settings) {
        String war = System.getProperty("wshub.it.war");
        WebArchive archive = war == null ? ShrinkWrap.create(WebArchive.class, name)
                : ShrinkWrap.create(ZipImporter.class, name).importFrom(new File(war)).as(WebArchive.class);
        if (settings.isEmpty()) {
            return archive;
        }
        String webXml = war == null ? "<web-app>\n</web-app>\n" : read(archive.get("WEB-INF/web.xml").getAsset());
        StringBuilder parameters = new StringBuilder();
        settings.forEach((key, value) -> parameters.append("  <context-param><param-name>wshub.").append(key)
                .append("</param-name><param-value>").append(value).append("</param-value></context-param>\n"));
        return archive.setWebXML(new StringAsset(webXml.replace("</web-app>", parameters + "</web-app>")));
    }

    private static String read(Asset asset) {
        try (InputStream in = asset.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
