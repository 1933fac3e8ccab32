package dev.kiln.docs;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The site's fixed files: the page ({@code index.html}, {@code app.js}, {@code app.css}, from
 * this module's resources) and the JavaScript libraries, copied from their WebJars on the class
 * path into {@code lib/} with their licences, so that nothing is fetched from a CDN.
 */
final class SiteAssets {

    /** A file of a WebJar: where it is on the class path, and its name in {@code lib/}. */
    record Library(String resource, String file) {
    }

    private static final String WEBJARS = "META-INF/resources/webjars/";

    /** The bundled libraries; the versions are the WebJars' (pinned in the parent pom). */
    static final List<Library> LIBRARIES = List.of(
            new Library("cytoscape/" + Versions.CYTOSCAPE + "/dist/cytoscape.min.js", "cytoscape.min.js"),
            new Library("cytoscape/" + Versions.CYTOSCAPE + "/LICENSE", "cytoscape.LICENSE.txt"),
            new Library("marked/" + Versions.MARKED + "/marked.min.js", "marked.min.js"),
            new Library("marked/" + Versions.MARKED + "/LICENSE.md", "marked.LICENSE.txt"),
            new Library("dompurify/" + Versions.DOMPURIFY + "/dist/purify.min.js", "purify.min.js"),
            new Library("dompurify/" + Versions.DOMPURIFY + "/LICENSE", "dompurify.LICENSE.txt"));

    private static final List<String> PAGE = List.of("index.html", "app.js", "app.css");

    private SiteAssets() {
    }

    /** Copies the page and the libraries into {@code site}. */
    static void copy(Path site) throws IOException {
        Files.createDirectories(site.resolve("lib"));
        for (String name : PAGE) {
            copy("dev/kiln/docs/site/" + name, site.resolve(name));
        }
        for (Library lib : LIBRARIES) {
            copy(WEBJARS + lib.resource(), site.resolve("lib").resolve(lib.file()));
        }
    }

    private static void copy(String resource, Path to) throws IOException {
        try (InputStream in = SiteAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new KilnException(ErrorCode.IO, "The docs site's file " + resource
                        + " is missing from the class path: the kiln-docs installation is incomplete.");
            }
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
