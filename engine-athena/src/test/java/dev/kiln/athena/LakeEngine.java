package dev.kiln.athena;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What Athena does with a load's statements, for {@link AwsLake}: the rows of Iceberg tables live
 * in an in-memory DuckDB (one DuckDB table per Iceberg table <em>location</em>, so a Glue swap
 * moves a name to other rows, as on AWS), Hive tables are read from the Parquet objects on the
 * fake S3 (a manifest table from the files its manifest lists), and statements run for real:
 * {@code create table … as} (Iceberg), {@code merge}, {@code insert}, {@code delete},
 * {@code select}, {@code alter table … add columns}. Glue names in a statement are replaced by
 * the DuckDB relation holding that entry's data.
 */
final class LakeEngine implements AutoCloseable {

    private static final Pattern NAME = Pattern.compile("\"(\\w+)\"\\.\"(\\w+)\"");
    private static final Pattern CTAS = Pattern.compile("(?s)^create table \"(\\w+)\"\\.\"(\\w+)\"\\nwith \\((.*?)\\n\\)\\nas\\n(.*)$");
    private static final Pattern ADD = Pattern.compile("^alter table `(\\w+)`\\.`(\\w+)` add columns \\((.*)\\)$");

    /** A query's answer. */
    record Result(List<String> names, List<String> types, List<List<String>> rows) {
        static final Result NONE = new Result(List.of(), List.of(), List.of());
    }

    private final Connection db;
    private final Path files;
    private final Map<String, String> icebergByLocation = new HashMap<>();
    private final Function<String, JsonNode> glue;
    private final Function<String, byte[]> s3;
    private final Function<String, List<String>> list;
    private int names;

    /**
     * @param glue the Glue table input of {@code db.name}, or null
     * @param s3   the bytes of an object, or null
     * @param list the object URIs below a prefix
     */
    LakeEngine(Function<String, JsonNode> glue, Function<String, byte[]> s3, Function<String, List<String>> list) {
        this.glue = glue;
        this.s3 = s3;
        this.list = list;
        try {
            db = DriverManager.getConnection("jdbc:duckdb:");
            files = Files.createTempDirectory("kiln-fake-athena-");
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs one statement. A CTAS of an Iceberg table returns the Glue columns of the new table in
     * {@code names}/{@code types} (Hive types) and no rows.
     */
    synchronized Result run(String sql) {
        try {
            Matcher add = ADD.matcher(sql);
            if (add.matches()) {
                String table = duckTable(add.group(1), add.group(2));
                for (String col : add.group(3).split(", ")) {
                    String[] nt = col.split(" ", 2);
                    exec("alter table " + table + " add column \"" + nt[0].replace("`", "") + "\" " + duckType(nt[1]));
                }
                return Result.NONE;
            }
            Matcher ctas = CTAS.matcher(sql);
            if (ctas.matches()) {
                String with = ctas.group(3);
                if (!with.contains("table_type = 'ICEBERG'")) {
                    throw new AssertionError("the fake Athena creates Iceberg tables only: " + sql);
                }
                Matcher loc = Pattern.compile("location = '([^']+)'").matcher(with);
                if (!loc.find()) {
                    throw new AssertionError("no location: " + sql);
                }
                String body = ctas.group(4);
                boolean noData = body.endsWith("\nwith no data");
                if (noData) {
                    body = body.substring(0, body.length() - "\nwith no data".length());
                }
                String table = "ice_" + (++names);
                exec("create table " + table + " as " + rewrite(body) + (noData ? " limit 0" : ""));
                icebergByLocation.put(loc.group(1), table);
                return describe(table);
            }
            String lower = sql.strip().toLowerCase(Locale.ROOT);
            if (lower.startsWith("select") || lower.startsWith("with")) {
                return query(rewrite(sql));
            }
            if (lower.startsWith("merge into") || lower.startsWith("insert into") || lower.startsWith("delete from")) {
                exec(rewrite(sql));
                return Result.NONE;
            }
            throw new AssertionError("the fake Athena does not run: " + sql);
        } catch (SQLException e) {
            throw new AssertionError("fake Athena failed on: " + sql + "\n" + e.getMessage(), e);
        }
    }

    /** The rows of the Glue table {@code schema.name} (a query through the same path as statements). */
    synchronized List<List<String>> rows(String schema, String name, String columns, String orderBy) {
        return run("select " + columns + " from \"" + schema + "\".\"" + name + "\" order by " + orderBy).rows();
    }

    private String duckTable(String schema, String name) {
        JsonNode t = glue.apply(schema + "." + name);
        if (t == null) {
            throw new AssertionError("no Glue table " + schema + "." + name);
        }
        String location = t.get("StorageDescriptor").get("Location").asText();
        String table = icebergByLocation.get(location);
        if (table == null) {
            throw new AssertionError("no Iceberg data at " + location + " (" + schema + "." + name + ")");
        }
        return table;
    }

    /** Replaces each Glue name by the DuckDB relation of its data. */
    private String rewrite(String sql) throws SQLException {
        Matcher m = NAME.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            JsonNode t = glue.apply(m.group(1) + "." + m.group(2));
            String replacement = m.group();
            if (t != null) {
                boolean iceberg = t.has("Parameters") && "ICEBERG".equalsIgnoreCase(t.get("Parameters").path("table_type").asText());
                replacement = iceberg ? duckTable(m.group(1), m.group(2)) : hiveView(t);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A view over a Hive table's Parquet files (those its manifest lists, or those in its folder). */
    private String hiveView(JsonNode t) throws SQLException {
        JsonNode sd = t.get("StorageDescriptor");
        String location = sd.get("Location").asText();
        List<String> uris;
        if (sd.path("InputFormat").asText().endsWith("SymlinkTextInputFormat")) {
            byte[] m = s3.apply(location + "manifest");
            uris = m == null ? List.of() : new String(m, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } else {
            uris = list.apply(location);
        }
        List<String> paths = new ArrayList<>();
        for (String uri : uris) {
            byte[] b = s3.apply(uri);
            if (b == null) {
                throw new AssertionError("a Hive table lists a missing object: " + uri);
            }
            Path f = files.resolve("f" + (++names) + ".parquet");
            try {
                Files.write(f, b);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            paths.add("'" + f + "'");
        }
        String view = "hive_" + (++names);
        List<String> cols = new ArrayList<>();
        for (JsonNode c : sd.get("Columns")) {
            cols.add("cast(" + (paths.isEmpty() ? "null" : "\"" + c.get("Name").asText() + "\"") + " as "
                    + duckType(c.get("Type").asText()) + ") as \"" + c.get("Name").asText() + "\"");
        }
        exec("create view " + view + " as select " + String.join(", ", cols) + (paths.isEmpty() ? " where false"
                : " from read_parquet([" + String.join(", ", paths) + "], union_by_name = true)"));
        return view;
    }

    private Result describe(String table) throws SQLException {
        List<String> n = new ArrayList<>();
        List<String> t = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("describe " + table)) {
            while (rs.next()) {
                n.add(rs.getString(1));
                t.add(hiveType(rs.getString(2)));
            }
        }
        return new Result(n, t, List.of());
    }

    private Result query(String sql) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> n = new ArrayList<>();
            List<String> t = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                n.add(md.getColumnLabel(i));
                t.add(hiveType(md.getColumnTypeName(i)).replace("string", "varchar"));
            }
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> r = new ArrayList<>();
                for (int i = 1; i <= n.size(); i++) {
                    r.add(rs.getString(i));
                }
                rows.add(r);
            }
            return new Result(n, t, rows);
        }
    }

    private void exec(String sql) throws SQLException {
        try (Statement st = db.createStatement()) {
            st.execute(sql);
        }
    }

    /** Glue columns of a CTAS result, as Glue would list them. */
    static void setColumns(ObjectNode sd, Result r) {
        ArrayNode cols = sd.putArray("Columns");
        for (int i = 0; i < r.names().size(); i++) {
            cols.addObject().put("Name", r.names().get(i)).put("Type", r.types().get(i));
        }
    }

    private static String duckType(String hive) {
        String t = hive.toLowerCase(Locale.ROOT);
        return t.equals("string") ? "varchar" : t.equals("int") ? "integer" : t;
    }

    private static String hiveType(String duck) {
        String t = duck.toLowerCase(Locale.ROOT);
        return switch (t) {
            case "varchar" -> "string";
            case "integer" -> "int";
            case "timestamp", "timestamp(6)" -> "timestamp";
            default -> t;
        };
    }

    /** Distinct values of a column in the Glue table {@code schema.name}. */
    synchronized Set<String> distinct(String schema, String name, String column) {
        return run("select distinct \"" + column + "\" from \"" + schema + "\".\"" + name + "\"").rows().stream()
                .map(r -> r.get(0)).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // in memory
        }
        try (var w = Files.walk(files)) {
            w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temporary
        }
    }
}
