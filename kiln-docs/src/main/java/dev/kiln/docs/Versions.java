package dev.kiln.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The versions of the bundled WebJars, as the build pinned them (parent pom). */
final class Versions {

    private static final Properties P = load();

    /** cytoscape.js. */
    static final String CYTOSCAPE = P.getProperty("cytoscape");
    /** marked. */
    static final String MARKED = P.getProperty("marked");
    /** DOMPurify. */
    static final String DOMPURIFY = P.getProperty("dompurify");

    private Versions() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
            if (in != null) {
                p.load(in);
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
