package dev.kiln.internal.analyze;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.Diagnostic;
import dev.kiln.Project;
import dev.kiln.Relation;
import dev.kiln.SourcePosition;
import dev.kiln.SourceTable;
import dev.kiln.TargetConfig;
import dev.kiln.internal.report.AtomicFile;
import dev.kiln.spi.CatalogEntry;
import dev.kiln.spi.RemoteFiles;
import dev.kiln.spi.Session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The columns of sources that neither YAML nor local files give, read where the source lives: the
 * relation in the target ({@link Session#catalog}: DuckDB's and Trino's {@code information_schema},
 * Glue's {@code GetTable} on Athena), or, for an {@code external_location} behind a URI scheme
 * ({@code s3://}), the first file's CSV header or Parquet footer read with ranged requests
 * ({@link RemoteFiles}). Read only by commands that connect anyway ({@code build}, {@code run},
 * {@code docs generate}, …), and kept in {@code target/source_columns.json} for the target that
 * read them, so that an offline {@code compile} knows them too. Immutable.
 */
public final class SourceColumns {

    /** The file in the target directory. */
    public static final String FILE = "source_columns.json";
    /** Nothing known. */
    public static final SourceColumns NONE = new SourceColumns(null, Map.of());

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SourceColumns.class);

    /**
     * One source's columns.
     *
     * @param from    {@code warehouse} or {@code files}
     * @param where   the relation ({@code raw.orders}) or the file read
     * @param columns the columns, in order
     */
    public record Entry(String from, String where, List<String> columns) {
        /** Copies the list. */
        public Entry {
            columns = List.copyOf(columns);
        }
    }

    /**
     * What a refresh found.
     *
     * @param columns  the columns now known
     * @param changed  whether they differ from the ones kept before (then analyses made with the
     *                 old ones are stale)
     * @param warnings sources that could not be read (the old columns, if any, are kept for them)
     */
    public record Refresh(SourceColumns columns, boolean changed, List<Diagnostic> warnings) {
    }

    private final String target;
    private final Map<String, Entry> entries;

    private SourceColumns(String target, Map<String, Entry> entries) {
        this.target = target;
        this.entries = java.util.Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    /** Source unique id → its entry, sorted by id. */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** Source unique id → its columns, sorted by id. */
    public Map<String, List<String>> columns() {
        Map<String, List<String>> out = new TreeMap<>();
        entries.forEach((id, e) -> out.put(id, e.columns()));
        return out;
    }

    /**
     * What {@code targetDir/source_columns.json} keeps for {@code targetName}: {@link #NONE} when
     * there is no such file, it was written for another target, or it cannot be read.
     */
    public static SourceColumns read(Path targetDir, String targetName) {
        Path file = targetDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return NONE;
        }
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            if (!targetName.equals(root.path("target").asText())) {
                return NONE;
            }
            Map<String, Entry> entries = new LinkedHashMap<>();
            root.path("sources").fields().forEachRemaining(f -> {
                List<String> cols = new ArrayList<>();
                f.getValue().path("columns").forEach(c -> cols.add(c.asText()));
                entries.put(f.getKey(), new Entry(f.getValue().path("from").asText(), f.getValue().path("at").asText(), cols));
            });
            return new SourceColumns(targetName, entries);
        } catch (IOException | RuntimeException e) {
            LOG.debug("{} cannot be read ({}); no source columns from the warehouse", file, e.toString());
            return NONE;
        }
    }

    /**
     * Reads the columns of every source of {@code project} that has no local files: from the
     * warehouse when its relation exists there, else from its remote files; writes
     * {@code targetDir/source_columns.json} (atomically) when they changed. A source that cannot
     * be read keeps what was known of it, with a warning.
     *
     * @param session an open session on {@code target}
     */
    public static Refresh refresh(Project project, TargetConfig target, Session session, Path targetDir) {
        SourceColumns before = read(targetDir, target.name());
        Map<String, Entry> now = new LinkedHashMap<>();
        List<Diagnostic> warnings = new ArrayList<>();
        List<SourceTable> asked = project.sources().values().stream()
                .filter(s -> s.relation() != null && (s.externalLocation() == null || remote(s.externalLocation()))).toList();
        if (asked.isEmpty()) {
            return save(before, new SourceColumns(target.name(), now), targetDir, warnings);
        }
        Map<String, CatalogEntry> found = new HashMap<>();
        try {
            for (CatalogEntry e : session.catalog(asked.stream().map(SourceTable::relation).distinct().toList())) {
                found.put(key(e.info().relation()), e);
            }
        } catch (RuntimeException e) {
            warnings.add(Diagnostic.warning("source-columns-unread", SourcePosition.of(Path.of("kiln.yml")),
                    "The columns of the sources could not be read from target '" + target.name() + "': " + e.getMessage(),
                    "Column lineage uses the columns read last time, the files and YAML; check the connection."));
            before.entries.forEach(now::putIfAbsent);
            return save(before, new SourceColumns(target.name(), now), targetDir, warnings);
        }
        Map<String, RemoteFiles.Client> clients = new HashMap<>();
        try {
            for (SourceTable s : asked) {
                CatalogEntry e = found.get(key(s.relation()));
                if (e != null && !e.info().columns().isEmpty()) {
                    now.put(s.uniqueId(), new Entry("warehouse", s.relation().schema() + "." + s.relation().identifier(),
                            e.info().columns().stream().map(c -> c.name()).toList()));
                } else if (s.externalLocation() != null) {
                    fromFiles(s, target, clients, now, before, warnings);
                }
            }
        } finally {
            clients.values().forEach(RemoteFiles.Client::close);
        }
        return save(before, new SourceColumns(target.name(), now), targetDir, warnings);
    }

    private static void fromFiles(SourceTable s, TargetConfig target, Map<String, RemoteFiles.Client> clients,
                                  Map<String, Entry> now, SourceColumns before, List<Diagnostic> warnings) {
        String location = s.externalLocation().strip();
        String scheme = location.substring(0, location.indexOf("://")).toLowerCase(Locale.ROOT);
        try {
            RemoteFiles.Client client = clients.get(scheme);
            if (client == null) {
                RemoteFiles files = plugin(scheme);
                if (files == null) {
                    return; // nothing on the class path reads this scheme: the columns stay unknown
                }
                client = files.open(settings(target));
                clients.put(scheme, client);
            }
            List<String> columns = SourceFiles.columns(client, location);
            if (!columns.isEmpty()) {
                now.put(s.uniqueId(), new Entry("files", location, columns));
            }
        } catch (RuntimeException e) { // a KilnException from the client included
            Entry old = before.entries.get(s.uniqueId());
            if (old != null) {
                now.put(s.uniqueId(), old);
            }
            warnings.add(Diagnostic.warning("source-columns-unread", s.origin().position(),
                    "The columns of source " + s.sourceName() + "." + s.name() + " could not be read from " + location + ": "
                            + e.getMessage(),
                    "Column lineage uses " + (old != null ? "the columns read last time" : "its YAML columns")
                            + "; check the location and the credentials, or list its columns in YAML."));
        }
    }

    private static RemoteFiles plugin(String scheme) {
        for (RemoteFiles f : ServiceLoader.load(RemoteFiles.class, SourceColumns.class.getClassLoader())) {
            if (f.scheme().equalsIgnoreCase(scheme)) {
                return f;
            }
        }
        return null;
    }

    /** The target's settings, with the entries of a nested {@code settings:} map (DuckDB's) added where not set. */
    private static Map<String, Object> settings(TargetConfig target) {
        Map<String, Object> out = new LinkedHashMap<>(target.settings());
        if (target.settings().get("settings") instanceof Map<?, ?> nested) {
            nested.forEach((k, v) -> out.putIfAbsent(String.valueOf(k), v));
        }
        return out;
    }

    private static boolean remote(String location) {
        int i = location.indexOf("://");
        return i > 0 && location.substring(0, i).chars().allMatch(Character::isLetterOrDigit);
    }

    private static String key(Relation r) {
        return (r.schema() + "\u0001" + r.identifier()).toLowerCase(Locale.ROOT);
    }

    private static Refresh save(SourceColumns before, SourceColumns now, Path targetDir, List<Diagnostic> warnings) {
        boolean changed = !before.entries.equals(now.entries);
        if (changed || (before.target == null && !now.entries.isEmpty())) {
            AtomicFile.write(targetDir.resolve(FILE), "source-columns", out -> {
                try (JsonGenerator g = new ObjectMapper().getFactory().createGenerator(out)) {
                    g.useDefaultPrettyPrinter();
                    g.writeStartObject();
                    g.writeStringField("target", now.target);
                    g.writeStringField("generated_at", Instant.now().toString());
                    g.writeObjectFieldStart("sources");
                    for (Map.Entry<String, Entry> e : now.entries.entrySet()) {
                        g.writeObjectFieldStart(e.getKey());
                        g.writeStringField("from", e.getValue().from());
                        g.writeStringField("at", e.getValue().where());
                        g.writeArrayFieldStart("columns");
                        for (String c : e.getValue().columns()) {
                            g.writeString(c);
                        }
                        g.writeEndArray();
                        g.writeEndObject();
                    }
                    g.writeEndObject();
                    g.writeEndObject();
                }
            });
        }
        if (changed) { // an analysis partial parsing kept was made with the old columns
            try {
                Files.deleteIfExists(targetDir.resolve(dev.kiln.internal.cache.PartialParse.FILE));
            } catch (IOException e) {
                LOG.debug("cannot remove the partial parsing cache: {}", e.toString());
            }
        }
        return new Refresh(now, changed, warnings);
    }
}
