package dev.kiln;

import java.nio.file.Path;

/**
 * A package the project uses ({@code packages:} in {@code kiln.yml}): a folder of macros,
 * generic tests and models. Its macros are called through its name ({@code ${name.fn()}}).
 *
 * @param name     the namespace of its macros: the entry's {@code name:}, else the folder name
 *                 (a local package) or the artifact id (a Maven package), with {@code -} as {@code _}
 * @param dir      the package's folder (absolute)
 * @param maven    {@code groupId:artifactId:version} for a Maven package, else {@code null}
 * @param position where {@code kiln.yml} declares it
 */
public record KilnPackage(String name, Path dir, String maven, SourcePosition position) {

    /** The folder under the project where {@code kiln deps} unpacks Maven packages. */
    public static final String INSTALL_DIR = "kiln_packages";
}
