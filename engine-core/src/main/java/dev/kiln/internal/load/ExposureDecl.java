package dev.kiln.internal.load;

import dev.kiln.Exposure;
import dev.kiln.SourcePosition;

import java.util.List;

/**
 * An {@code exposures:} entry as read from one YAML file, before its {@code depends_on} is
 * resolved against the project's nodes and sources.
 *
 * @param exposure  the exposure, with an empty {@code dependsOn}
 * @param dependsOn what {@code depends_on} lists, as written
 */
record ExposureDecl(Exposure exposure, List<Dependency> dependsOn) {

    /**
     * One item of {@code depends_on}.
     *
     * @param text     {@code ref('name')} or {@code source('source', 'table')}, as written
     * @param position where it is written
     */
    record Dependency(String text, SourcePosition position) {
    }
}
