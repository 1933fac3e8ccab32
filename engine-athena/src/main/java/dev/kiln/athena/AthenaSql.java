package dev.kiln.athena;

import dev.kiln.Relation;
import dev.kiln.spi.MergeSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** The statements the Athena materializer runs, spelled out (unit tests pin them). */
public final class AthenaSql {

    /** The alias of the table a {@code merge} writes to. */
    public static final String DEST = MergeSpec.TARGET_ALIAS;
    /** The alias of the rows a {@code merge} reads. */
    public static final String SRC = MergeSpec.SOURCE_ALIAS;

    private final AthenaDialect d;

    /** @param dialect the target's dialect */
    public AthenaSql(AthenaDialect dialect) {
        this.d = dialect;
    }

    /**
     * {@code create table R with (…) as SQL}: a Hive table ({@code external_location},
     * {@code partitioned_by}, {@code bucketed_by}) or an Iceberg table ({@code table_type},
     * {@code location}, {@code partitioning}), at {@code location}.
     *
     * @param withData false to create the table empty ({@code with no data})
     */
    public String createTableAs(Relation relation, TableConfig cfg, S3Uri location, String sql, boolean withData) {
        List<String> props = new ArrayList<>();
        if (cfg.format() == TableFormat.ICEBERG) {
            props.add("table_type = 'ICEBERG'");
            props.add("is_external = false");
            props.add("location = " + d.quoteString(location.toString()));
            props.add("format = " + d.quoteString(cfg.fileFormat()));
            List<String> partitioning = new ArrayList<>(cfg.partitionedBy());
            cfg.bucketedBy().forEach(b -> partitioning.add("bucket(" + cfg.bucketCount() + ", " + b + ")"));
            if (!partitioning.isEmpty()) {
                props.add("partitioning = " + array(partitioning));
            }
        } else {
            props.add("format = " + d.quoteString(cfg.fileFormat()));
            props.add("external_location = " + d.quoteString(location.toString()));
            if (cfg.partitioned()) {
                props.add("partitioned_by = " + array(cfg.partitionedBy()));
            }
            if (!cfg.bucketedBy().isEmpty()) {
                props.add("bucketed_by = " + array(cfg.bucketedBy()));
                props.add("bucket_count = " + cfg.bucketCount());
            }
        }
        if (cfg.writeCompression() != null) {
            props.add("write_compression = " + d.quoteString(cfg.writeCompression()));
        }
        return "create table " + d.render(relation) + "\nwith (\n  " + String.join(",\n  ", props) + "\n)\nas\n" + sql
                + (withData ? "" : "\nwith no data");
    }

    /** {@code insert into T (cols) select cols from S [where …]}. */
    public String insert(Relation target, Relation source, List<String> columns, String where) {
        String cols = columns(columns, null);
        return "insert into " + d.render(target) + " (" + cols + ")\nselect " + cols + "\nfrom " + d.render(source)
                + (where == null ? "" : "\nwhere " + where);
    }

    /**
     * An Iceberg {@code merge} (the dialect's, {@link AthenaDialect#merge}): rows of {@code source}
     * (optionally only those matching {@code where}) whose keys match a row of {@code target} update
     * it, the others are inserted.
     *
     * @param predicates extra conditions on the matched rows ({@code incremental_predicates}), using {@value #DEST} and {@value #SRC}
     */
    public String merge(Relation target, Relation source, String where, List<String> keys, List<String> columns,
                        List<String> predicates) {
        List<String> updates = columns.stream().filter(c -> keys.stream().noneMatch(k -> k.equalsIgnoreCase(c))).toList();
        return d.merge(new MergeSpec(target, source, keys, updates, columns, predicates, where));
    }

    /** The distinct partition values of {@code relation}, as text. */
    public String distinctPartitions(Relation relation, PartitionSpec spec) {
        StringJoiner cols = new StringJoiner(", ");
        for (int i = 0; i < spec.expressions().size(); i++) {
            cols.add("cast(" + spec.expressions().get(i) + " as varchar) as kiln_p" + i);
        }
        return "select distinct " + cols + "\nfrom " + d.render(relation);
    }

    /** A condition true for the rows of the given partition values (a null value matches nulls). */
    public String partitionPredicate(PartitionSpec spec, List<List<String>> values) {
        StringJoiner or = new StringJoiner("\n   or ");
        for (List<String> tuple : values) {
            StringJoiner and = new StringJoiner(" and ", "(", ")");
            for (int i = 0; i < spec.expressions().size(); i++) {
                String v = tuple.get(i);
                String e = spec.expressions().get(i);
                and.add(v == null ? e + " is null" : "cast(" + e + " as varchar) = " + d.quoteString(v));
            }
            or.add(and.toString());
        }
        return or.toString();
    }

    /**
     * An external table over uploaded CSV files, every column text: Athena's
     * {@code OpenCSVSerde}, header row skipped.
     */
    public String createCsvTable(Relation relation, List<String> columns, S3Uri folder, char delimiter) {
        StringJoiner cols = new StringJoiner(",\n  ");
        columns.forEach(c -> cols.add(d.quoteDdl(c) + " string"));
        return "create external table " + d.renderDdl(relation) + " (\n  " + cols + "\n)\n"
                + "row format serde 'org.apache.hadoop.hive.serde2.OpenCSVSerde'\n"
                + "with serdeproperties ('separatorChar' = " + hiveChar(delimiter)
                + ", 'quoteChar' = '\"', 'escapeChar' = '\\\\')\n"
                + "stored as textfile\nlocation " + d.quoteString(folder.toString()) + "\n"
                + "tblproperties ('skip.header.line.count' = '1')";
    }

    /** Typed columns over a CSV table: empty fields become null, then each column is cast to its type. */
    public String selectTyped(Relation csv, List<String> columns, List<String> types) {
        StringJoiner sel = new StringJoiner(",\n  ");
        for (int i = 0; i < columns.size(); i++) {
            String c = d.quoteIdentifier(columns.get(i));
            sel.add("cast(nullif(" + c + ", '') as " + types.get(i) + ") as " + c);
        }
        return "select\n  " + sel + "\nfrom " + d.render(csv);
    }

    /** {@code alter table T add columns (…)}. */
    public String addColumns(Relation table, List<dev.kiln.spi.RelationInfo.Column> columns) {
        StringJoiner cols = new StringJoiner(", ");
        columns.forEach(c -> cols.add(d.quoteDdl(c.name()) + " " + hiveType(c.type())));
        return "alter table " + d.renderDdl(table) + " add columns (" + cols + ")";
    }

    /** A quoted, comma-separated column list, each prefixed with {@code alias.} when given. */
    public String columns(List<String> columns, String alias) {
        StringJoiner j = new StringJoiner(", ");
        columns.forEach(c -> j.add((alias == null ? "" : alias + ".") + d.quoteIdentifier(c)));
        return j.toString();
    }

    private String array(List<String> items) {
        StringJoiner j = new StringJoiner(", ", "ARRAY[", "]");
        items.forEach(i -> j.add(d.quoteString(i)));
        return j.toString();
    }

    private static String hiveChar(char c) {
        return c == '\t' ? "'\\t'" : c == '\'' ? "'\\''" : "'" + c + "'";
    }

    /** The Hive DDL spelling of an SQL type ({@code varchar} → {@code string}, {@code integer} → {@code int}). */
    static String hiveType(String sqlType) {
        String t = sqlType.toLowerCase(java.util.Locale.ROOT);
        return switch (t) {
            case "varchar" -> "string";
            case "integer" -> "int";
            case "real" -> "float";
            case "varbinary" -> "binary";
            default -> t.startsWith("timestamp") ? "timestamp" : t;
        };
    }
}
