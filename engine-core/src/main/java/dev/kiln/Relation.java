package dev.kiln;

/**
 * A table or view in the warehouse. Rendered into SQL by the target's
 * {@link dev.kiln.spi.Dialect}.
 *
 * @param database   catalog or database, or {@code null} for the connection's default
 * @param schema     schema (on Athena: the Glue database)
 * @param identifier table or view name
 */
public record Relation(String database, String schema, String identifier) {

    /** A relation in the default database. */
    public static Relation of(String schema, String identifier) {
        return new Relation(null, schema, identifier);
    }

    /** {@code schema.identifier}, unquoted, for messages. */
    public String displayName() {
        return (schema == null ? "" : schema + ".") + identifier;
    }

    @Override
    public String toString() {
        return displayName();
    }
}
