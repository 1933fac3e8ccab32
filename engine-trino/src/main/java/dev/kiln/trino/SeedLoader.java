package dev.kiln.trino;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.Relation;
import dev.kiln.spi.BuildRequest;
import dev.kiln.spi.BuildResult;
import dev.kiln.spi.Dialect;
import dev.kiln.spi.SeedCsv;
import dev.kiln.spi.Session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Loads a seed: Trino reads no file of the machine Kiln runs on, so the CSV is read here
 * ({@link SeedCsv}: header, {@code delimiter}, types inferred or set by {@code column_types}), its
 * rows inserted into a staging table in statements of at most {@value #BATCH_ROWS} rows, and the
 * seed's table replaced by the staged rows as a model's table is.
 */
final class SeedLoader {

    /** Rows per {@code INSERT … VALUES} statement. */
    static final int BATCH_ROWS = 1000;

    private final TrinoMaterializer materializer;
    private final BuildRequest req;
    private final Dialect d;

    SeedLoader(TrinoMaterializer materializer, BuildRequest req) {
        this.materializer = materializer;
        this.req = req;
        this.d = materializer.dialect();
    }

    BuildResult load() {
        SeedCsv csv = read();
        Object declared = req.node().config().values().get("column_types");
        List<String> types = csv.types(declared instanceof Map<?, ?> m ? m : Map.of()).stream().map(this::type).toList();
        Session s = req.session();
        s.ensureSchema(req.relation().schema());
        Relation stage = materializer.staging(req.relation());
        StringJoiner columns = new StringJoiner(", ");
        for (int i = 0; i < csv.header().size(); i++) {
            columns.add(d.quoteIdentifier(csv.header().get(i)) + " " + types.get(i));
        }
        materializer.run(s, d.dropRelationIfExists(stage, dev.kiln.spi.RelationKind.TABLE));
        try {
            materializer.run(s, "create table " + d.render(stage) + " (" + columns + ")");
            for (int from = 0; from < csv.rows().size(); from += BATCH_ROWS) {
                materializer.run(s, insert(stage, csv.rows().subList(from, Math.min(csv.rows().size(), from + BATCH_ROWS)), types));
            }
            if (stage.equals(req.relation())) {
                throw new IllegalStateException("staging under the seed's own name");
            }
            long rows = materializer.replace(s, req.relation(), materializer.properties(req), "select * from " + d.render(stage));
            return new BuildResult(rows, "INSERT " + rows);
        } finally {
            materializer.discard(s, stage);
        }
    }

    private SeedCsv read() {
        Path file = req.projectRoot().resolve(req.node().node().origin().path()).toAbsolutePath().normalize();
        String sep = req.node().config().string("delimiter").orElse(",");
        try {
            return SeedCsv.parse(Files.readString(file, StandardCharsets.UTF_8), sep.isEmpty() ? ',' : sep.charAt(0));
        } catch (IOException | IllegalArgumentException e) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Cannot read seed file " + file + ": " + e.getMessage()
                    + ". Check the file (a header row, then one record per line).", e);
        }
    }

    /** Trino's spelling of an inferred or declared type: timestamps at the precision Iceberg stores. */
    private String type(String type) {
        return type.equalsIgnoreCase("timestamp") ? d.typeTimestamp() : type;
    }

    private String insert(Relation stage, List<List<String>> rows, List<String> types) {
        StringBuilder sb = new StringBuilder("insert into ").append(d.render(stage)).append(" values\n");
        for (int r = 0; r < rows.size(); r++) {
            StringJoiner values = new StringJoiner(", ", r == 0 ? "(" : ",\n(", ")");
            List<String> row = rows.get(r);
            for (int c = 0; c < types.size(); c++) {
                String v = row.get(c);
                values.add(v.isEmpty() ? "cast(null as " + types.get(c) + ")"
                        : "cast(" + d.quoteString(types.get(c).equalsIgnoreCase("varchar") ? v : v.strip()) + " as " + types.get(c) + ")");
            }
            sb.append(values);
        }
        return sb.toString();
    }
}
