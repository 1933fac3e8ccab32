package dev.kiln.duckdb;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.spi.LoadTarget;
import dev.kiln.spi.LoadType;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A load into {@code external_location} on DuckDB: the table is a folder of Parquet files, one
 * per load ({@code <load_id>.parquet}); child tables are sibling folders ({@code users__items}).
 * Which files hold committed data is recorded in {@code _kiln_load._kiln_files}, in the same
 * transaction as the load's state: a file written by a load that crashed before committing is
 * deleted when the next load of the table starts (until then a reader of the folder may see
 * it), and files that a {@code replace} or {@code merge} superseded are deleted after the commit.
 */
final class ParquetFiles {

    private final DuckDbSession session;
    private final DuckDBConnection conn;
    private final LoadTarget target;
    private final Path root;

    ParquetFiles(DuckDbSession session, LoadTarget target) {
        this.session = session;
        this.conn = session.connection();
        this.target = target;
        this.root = Path.of(target.externalLocation());
    }

    /** The folder of a table: the location itself, or {@code <location>__<child>}. */
    Path folder(String table) {
        return table.isEmpty() ? root : root.resolveSibling(root.getFileName() + "__" + table);
    }

    /** Committed load ids by table. */
    private Map<String, Set<String>> committed() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("select tbl, load_id from " + DuckDbLoadSink.q(DuckDbLoadSink.SCHEMA)
                + "." + DuckDbLoadSink.q(DuckDbLoadSink.FILES) + " where state_key = ? order by load_id")) {
            ps.setString(1, target.stateKey());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new LinkedHashSet<>()).add(rs.getString(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw DuckDbLoadSink.failure("reading the committed files of " + target.stateKey(), e);
        }
    }

    private List<String> filesOf(String table, Set<String> loadIds) {
        List<String> out = new ArrayList<>();
        for (String id : loadIds) {
            out.add(folder(table).resolve(id + ".parquet").toString());
        }
        return out;
    }

    private static String list(List<String> paths) {
        return "[" + paths.stream().map(p -> "'" + p.replace("'", "''") + "'").collect(Collectors.joining(", ")) + "]";
    }

    /** Deletes files of this table's folders that no committed load wrote (a crashed load's). */
    void removeOrphans() {
        Map<String, Set<String>> committed = committed();
        List<Path> folders = new ArrayList<>();
        folders.add(root);
        Path parent = root.toAbsolutePath().getParent();
        if (parent != null && Files.isDirectory(parent)) {
            try (Stream<Path> siblings = Files.list(parent)) {
                siblings.filter(p -> p.getFileName().toString().startsWith(root.getFileName() + "__")).forEach(folders::add);
            } catch (IOException e) {
                throw io("listing " + parent, e);
            }
        }
        for (Path f : folders) {
            String table = f.equals(root) ? "" : f.getFileName().toString().substring(root.getFileName().toString().length() + 2);
            Set<String> keep = committed.getOrDefault(table, Set.of());
            if (!Files.isDirectory(f)) {
                continue;
            }
            try (Stream<Path> all = Files.list(f)) {
                for (Path file : all.toList()) {
                    String name = file.getFileName().toString();
                    boolean ours = name.endsWith(".parquet.tmp") || name.endsWith(".parquet")
                            && !keep.contains(name.substring(0, name.length() - ".parquet".length()));
                    if (ours && name.matches("\\d+\\.[0-9a-f]{4}\\.parquet(\\.tmp)?")) {
                        Files.deleteIfExists(file);
                    }
                }
            } catch (IOException e) {
                throw io("cleaning " + f, e);
            }
        }
    }

    /** The columns of a table's committed files; empty when it has none. */
    Map<String, LoadType> columns(String table) {
        Set<String> ids = committed().getOrDefault(table, Set.of());
        Map<String, LoadType> out = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("describe select * from read_parquet(" + list(filesOf(table, ids))
                     + ", union_by_name = true)")) {
            while (rs.next()) {
                out.put(rs.getString(1), LoadType.parse(rs.getString(2)));
            }
            return out;
        } catch (SQLException e) {
            throw DuckDbLoadSink.failure("reading the columns of " + folder(table), e);
        }
    }

    /**
     * Writes one new file per table from the staged rows (and, for {@code replace} and
     * {@code merge}, what the table keeps), then commits the file list with the state
     * ({@code writeState} runs inside the transaction) and deletes superseded files.
     */
    long commit(Map<String, String> staged, Runnable writeState) {
        Map<String, Set<String>> committed = committed();
        String disposition = target.disposition();
        boolean rewrite = !"append".equals(disposition);
        Set<String> tables = new LinkedHashSet<>();
        if (staged.containsKey("")) {
            tables.add("");
        }
        tables.addAll(staged.keySet());
        if (rewrite) {
            tables.addAll(committed.keySet()); // replace empties them, merge drops children of replaced rows
        }
        String pk = target.primaryKey().stream().map(DuckDbLoadSink::q).collect(Collectors.joining(", "));
        Path newRoot = folder("").resolve(target.loadId() + ".parquet");
        Map<String, Set<String>> superseded = new LinkedHashMap<>();
        Set<String> written = new LinkedHashSet<>();
        long rows = 0;
        try (Statement st = conn.createStatement()) {
            for (String table : tables) {
                String stage = staged.get(table);
                List<String> old = filesOf(table, committed.getOrDefault(table, Set.of()));
                String select = select(table, stage, old, disposition, pk, newRoot, staged.containsKey(""));
                if (rewrite) {
                    superseded.put(table, committed.getOrDefault(table, Set.of()));
                }
                if (select == null) {
                    continue;
                }
                Path folder = folder(table);
                Files.createDirectories(folder);
                Path file = folder.resolve(target.loadId() + ".parquet");
                Path tmp = folder.resolve(target.loadId() + ".parquet.tmp");
                st.execute("copy (" + select + ") to '" + tmp.toString().replace("'", "''") + "' (format parquet)");
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                written.add(table);
                if (table.isEmpty() && stage != null) {
                    try (ResultSet rs = st.executeQuery("select count(*) from " + stage)) {
                        rs.next();
                        rows = rs.getLong(1);
                    }
                }
            }
            conn.setAutoCommit(false);
            try {
                String files = DuckDbLoadSink.q(DuckDbLoadSink.SCHEMA) + "." + DuckDbLoadSink.q(DuckDbLoadSink.FILES);
                for (Map.Entry<String, Set<String>> e : superseded.entrySet()) {
                    for (String id : e.getValue()) {
                        try (PreparedStatement ps = conn.prepareStatement("delete from " + files
                                + " where state_key = ? and tbl = ? and load_id = ?")) {
                            ps.setString(1, target.stateKey());
                            ps.setString(2, e.getKey());
                            ps.setString(3, id);
                            ps.executeUpdate();
                        }
                    }
                }
                for (String table : written) {
                    try (PreparedStatement ps = conn.prepareStatement("insert into " + files + " values (?, ?, ?)")) {
                        ps.setString(1, target.stateKey());
                        ps.setString(2, table);
                        ps.setString(3, target.loadId());
                        ps.executeUpdate();
                    }
                }
                writeState.run();
                conn.commit();
            } catch (SQLException | RuntimeException e) {
                conn.rollback();
                throw e;
            } finally {
                conn.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw DuckDbLoadSink.failure("committing the load of " + target.stateKey() + " into " + root, e);
        } catch (IOException e) {
            throw io("writing " + root, e);
        }
        superseded.forEach((table, ids) -> filesOf(table, ids).forEach(f -> {
            try {
                Files.deleteIfExists(Path.of(f));
            } catch (IOException ignored) {
                // an orphan now; the next load of this table deletes it
            }
        }));
        return rows;
    }

    /** The rows of a table's new file, or {@code null} when it gets none. */
    private static String select(String table, String stage, List<String> old, String disposition, String pk, Path newRoot,
                                 boolean rootStaged) {
        String oldRows = old.isEmpty() ? null : "select * from read_parquet(" + list(old) + ", union_by_name = true)";
        switch (disposition) {
            case "replace":
                return stage == null ? null : "select * from " + stage;
            case "merge":
                if (table.isEmpty()) {
                    if (stage == null) {
                        return null;
                    }
                    String fresh = "select * from " + stage + " qualify row_number() over (partition by " + pk
                            + " order by rowid desc) = 1";
                    return oldRows == null ? fresh : "select * from (" + oldRows + ") where (" + pk + ") not in (select "
                            + pk + " from " + stage + ") union all by name (" + fresh + ")";
                }
                if (!rootStaged) {
                    return null; // nothing merged: the children stay as they are
                }
                String both = oldRows == null ? "select * from " + stage
                        : stage == null ? oldRows : oldRows + " union all by name select * from " + stage;
                return "select * from (" + both + ") where _kiln_root_id in (select _kiln_id from read_parquet('"
                        + newRoot.toString().replace("'", "''") + "'))";
            default:
                return stage == null ? null : "select * from " + stage;
        }
    }

    private static KilnException io(String what, IOException e) {
        return new KilnException(ErrorCode.EXECUTION_FAILED, "Failed " + what + ": " + e.getMessage(), e);
    }
}
