package dev.kiln.duckdb;

import dev.kiln.Relation;
import dev.kiln.spi.BuildRequest;
import dev.kiln.spi.BuildResult;
import dev.kiln.spi.Materializer;

import java.nio.file.Path;
import java.util.Map;
import java.util.StringJoiner;

/**
 * DuckDB builds: the base class's atomic table swap, incremental strategies and snapshots
 * (DuckDB runs the portable {@code MERGE}, {@code DELETE … WHERE EXISTS} and {@code ALTER TABLE}
 * statements of the {@link dev.kiln.spi.Dialect} as they are, all inside one transaction), plus
 * seeds loaded with {@code read_csv}.
 */
final class DuckDbMaterializer extends Materializer {

    DuckDbMaterializer(DuckDbDialect dialect) {
        super(dialect);
    }

    /**
     * Loads a seed's CSV with DuckDB's reader: header row, types detected, or set per column
     * with {@code column_types}; {@code delimiter} overrides the separator. The table is
     * replaced atomically.
     */
    @Override
    public BuildResult seed(BuildRequest req) {
        Path file = req.projectRoot().resolve(req.node().node().origin().path()).toAbsolutePath().normalize();
        StringBuilder read = new StringBuilder("select * from read_csv(")
                .append(dialect.quoteString(file.toString().replace('\\', '/')))
                .append(", header = true, auto_detect = true");
        req.node().config().string("delimiter").ifPresent(d -> read.append(", delim = ").append(dialect.quoteString(d)));
        Object types = req.node().config().values().get("column_types");
        if (types instanceof Map<?, ?> m && !m.isEmpty()) {
            StringJoiner j = new StringJoiner(", ", ", types = {", "}");
            m.forEach((k, v) -> j.add(dialect.quoteString(String.valueOf(k)) + ": " + dialect.quoteString(String.valueOf(v))));
            read.append(j);
        }
        read.append(")");
        req.session().ensureSchema(req.relation().schema());
        Relation tmp = temporary(req.relation());
        long rows = buildTemporary(req.session(), tmp, read.toString());
        swap(req.session(), tmp, req.relation());
        return new BuildResult(rows, "INSERT " + rows);
    }
}
