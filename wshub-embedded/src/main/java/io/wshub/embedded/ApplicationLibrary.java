package io.wshub.embedded;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The application's own code for the embedded server: the jars of a directory ({@code --lib DIR}), loaded by a class
 * loader of their own on top of the server's. A jar with a {@code META-INF/beans.xml} is a bean archive: its
 * classes become CDI beans of the server (observers of {@code ConnectionEvent}, users of {@code Publisher}, their own
 * {@code @ServerEndpoint}s), as with {@code bean-discovery-mode="all"}; the other jars are libraries they use.
 * Immutable once built.
 */
final class ApplicationLibrary {

    private static final Logger LOG = Logger.getLogger(ApplicationLibrary.class.getName());
    private static final String BEANS_XML = "META-INF/beans.xml";

    private final Path directory;
    private final ClassLoader loader;
    private final List<Class<?>> beanClasses;

    private ApplicationLibrary(Path directory, ClassLoader loader, List<Class<?>> beanClasses) {
        this.directory = directory;
        this.loader = loader;
        this.beanClasses = beanClasses;
    }

    /** No application code: the server's own beans only. */
    static ApplicationLibrary none() {
        return new ApplicationLibrary(null, ApplicationLibrary.class.getClassLoader(), List.of());
    }

    /**
     * Loads the jars of a directory.
     *
     * @throws IOException if the directory cannot be read, or a jar of it cannot be opened
     */
    static ApplicationLibrary load(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException("--lib " + directory + " is not a directory");
        }
        List<Path> jars;
        try (Stream<Path> listing = Files.list(directory)) {
            jars = listing.filter(path -> path.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = url(jars.get(i));
        }
        URLClassLoader loader = new URLClassLoader("wshub-application", urls,
                ApplicationLibrary.class.getClassLoader());
        List<Class<?>> classes = new ArrayList<>();
        for (Path jar : jars) {
            try (JarFile archive = new JarFile(jar.toFile())) {
                if (archive.getEntry(BEANS_XML) == null) {
                    continue;
                }
                Enumeration<JarEntry> entries = archive.entries();
                while (entries.hasMoreElements()) {
                    String name = entries.nextElement().getName();
                    if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")
                            && !name.endsWith("package-info.class")) {
                        load(loader, name.substring(0, name.length() - ".class".length()).replace('/', '.'), jar)
                                .ifPresent(classes::add);
                    }
                }
            }
        }
        return new ApplicationLibrary(directory, loader, List.copyOf(classes));
    }

    private static Optional<Class<?>> load(ClassLoader loader, String name, Path jar) {
        try {
            return Optional.of(Class.forName(name, false, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            // a class that needs a library nobody supplied cannot be a bean; the others still are
            LOG.log(Level.WARNING, "skipping " + name + " of " + jar + ": " + e);
            return Optional.empty();
        }
    }

    private static URL url(Path jar) throws IOException {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IOException(e);
        }
    }

    /** The class loader the application's classes come from; the server's own when there are none. */
    ClassLoader loader() {
        return loader;
    }

    /** The classes of the application's bean archives. */
    List<Class<?>> beanClasses() {
        return beanClasses;
    }

    /** What was loaded, for the start-up log; null when nothing was asked for. */
    String describe() {
        return directory == null ? null : beanClasses.size() + " bean classes from " + directory;
    }
}
