package dev.kiln;

import java.util.Map;

/**
 * A table declared under {@code sources:} in YAML.
 *
 * @param uniqueId         {@code source.<project>.<source>.<table>}
 * @param sourceName       the source's name ({@code raw})
 * @param name             the table's name, as used in {@code source('raw', 'users')}
 * @param relation         where it lives: the source's schema and the table's identifier
 * @param externalLocation files on the raw layer ({@code data/raw/users/*.parquet}), resolved
 *                         against the project directory when relative; {@code null} for a table
 * @param loadedAtField    column holding the load time, for freshness checks, or {@code null}
 * @param freshness        {@code warn_after}/{@code error_after} as written, or an empty map
 * @param docs             description and columns
 * @param origin           where it is declared
 * @param load             how {@code kiln load} fills it ({@code load:}), or {@code null} for a table
 *                         that something else fills
 */
public record SourceTable(String uniqueId, String sourceName, String name, Relation relation,
                          String externalLocation, String loadedAtField, Map<String, Object> freshness,
                          NodeDocs docs, NodeOrigin origin, SourceLoad load) {

    /** A source table that Kiln does not load. */
    public SourceTable(String uniqueId, String sourceName, String name, Relation relation,
                       String externalLocation, String loadedAtField, Map<String, Object> freshness,
                       NodeDocs docs, NodeOrigin origin) {
        this(uniqueId, sourceName, name, relation, externalLocation, loadedAtField, freshness, docs, origin, null);
    }

    /** Whether {@code kiln load} fills it. */
    public boolean loaded() {
        return load != null;
    }
}
