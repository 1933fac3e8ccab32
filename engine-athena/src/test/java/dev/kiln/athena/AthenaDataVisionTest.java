package dev.kiln.athena;

import dev.kiln.Kiln;
import dev.kiln.NodeResult;
import dev.kiln.RunResults;
import dev.kiln.Selection;
import dev.kiln.SourceTable;
import dev.kiln.TargetConfig;
import dev.kiln.spi.Adapter;
import dev.kiln.spi.AdapterContext;
import dev.kiln.spi.AdapterProvider;
import dev.kiln.spi.Dialect;
import dev.kiln.spi.Session;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Builds the whole DataVision project ({@code datavision-project/}) on real Athena: seeds,
 * models and tests. Skipped unless the {@link Live} environment variables are set and the
 * project has a {@code kiln.yml} with an athena target. Raw-layer sources that point at local
 * Parquet files ({@code external_location: data/raw/…}) are first uploaded to S3 and declared
 * as Glue tables (their schema read with DuckDB), as ingestion would do in production.
 */
class AthenaDataVisionTest {

    private static final Path PROJECT = Path.of("..", "datavision-project").toAbsolutePath().normalize();

    @BeforeAll
    static void requireAwsAndTheProject() {
        Assumptions.assumeTrue(Live.enabled(), Live.HOW);
        Assumptions.assumeTrue(Files.exists(PROJECT.resolve("kiln.yml")), "datavision-project/kiln.yml does not exist yet");
    }

    @Test
    void buildsTheWholeProject() throws Exception {
        AthenaProvider athena = new AthenaProvider();
        AdapterProvider live = new AdapterProvider() {
            @Override
            public String type() {
                return "athena";
            }

            @Override
            public Dialect dialect(TargetConfig target) {
                return athena.dialect(target);
            }

            @Override
            public Adapter open(AdapterContext context) {
                Map<String, Object> settings = new LinkedHashMap<>(context.target().settings());
                settings.putAll(Live.settings(context.target().schema().orElse(Live.schema())));
                TargetConfig t = new TargetConfig(context.target().name(), "athena", settings, context.target().position());
                return athena.open(new AdapterContext(t, context.projectRoot()));
            }
        };
        String target;
        try (Kiln probe = Kiln.configure().projectDir(PROJECT).load()) {
            target = probe.project().config().targets().entrySet().stream()
                    .filter(e -> e.getValue().type().equals("athena")).map(Map.Entry::getKey).findFirst().orElse(null);
        }
        Assumptions.assumeTrue(target != null, "datavision-project/kiln.yml has no athena target");
        try (Kiln kiln = Kiln.configure().projectDir(PROJECT).target(target).adapter(live).load()) {
            try (Adapter adapter = live.open(new AdapterContext(kiln.target(), PROJECT));
                 AthenaSession session = (AthenaSession) adapter.openSession()) {
                for (SourceTable source : kiln.project().sources().values()) {
                    stage(session, source);
                }
            }
            RunResults results = kiln.build(Selection.ALL);
            List<String> failures = new ArrayList<>();
            for (NodeResult r : results.results()) {
                if (r.status().isFailure()) {
                    failures.add(r.uniqueId() + ": " + r.message());
                }
            }
            assertThat(failures).isEmpty();
            assertThat(results.success()).isTrue();
            assertThat(results.results()).anyMatch(r -> r.response().containsKey("query_id"));
        }
    }

    /** Uploads a source's local Parquet files and declares them as an external Glue table. */
    private static void stage(AthenaSession session, SourceTable source) throws Exception {
        String location = source.externalLocation();
        if (location == null || location.isBlank() || location.contains("://")) {
            return; // a Glue table already, or data already on S3
        }
        Path root = PROJECT;
        List<Path> files = matching(root, location);
        if (files.isEmpty()) {
            Assumptions.abort("No raw data at " + location + "; generate it first (datavision-project's raw-data generator)");
        }
        S3Uri folder = session.settings().dataDir().resolve("raw/" + source.relation().schema() + "/"
                + source.relation().identifier() + "/");
        for (Path f : files) {
            session.store().put(folder.resolve(root.relativize(f).toString().replace('\\', '/')), Files.readAllBytes(f));
        }
        AthenaDialect d = new AthenaDialect(session.settings().catalog());
        StringJoiner cols = new StringJoiner(",\n  ");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("describe select * from read_parquet('" + files.get(0).toString().replace("'", "''") + "')")) {
            while (rs.next()) {
                cols.add(d.quoteDdl(rs.getString(1)) + " " + hiveType(rs.getString(2)));
            }
        }
        session.ensureSchema(source.relation().schema());
        session.catalog().drop(source.relation());
        session.execute("create external table " + d.renderDdl(source.relation()) + " (\n  " + cols + "\n)\nstored as parquet\n"
                + "location " + d.quoteString(folder.toString()));
    }

    private static List<Path> matching(Path root, String location) throws IOException {
        String glob = location.replace('\\', '/');
        if (!glob.contains("*")) {
            Path p = root.resolve(glob);
            if (Files.isDirectory(p)) {
                glob = glob + (glob.endsWith("/") ? "" : "/") + "**.parquet";
            } else {
                return Files.exists(p) ? List.of(p) : List.of();
            }
        }
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).filter(p -> m.matches(Path.of(root.relativize(p).toString().replace('\\', '/'))))
                    .sorted().toList();
        }
    }

    /** DuckDB's type names in Hive DDL. */
    static String hiveType(String duck) {
        String t = duck.toUpperCase(java.util.Locale.ROOT);
        if (t.startsWith("DECIMAL")) {
            return t.toLowerCase(java.util.Locale.ROOT);
        }
        return switch (t) {
            case "VARCHAR", "UUID" -> "string";
            case "INTEGER" -> "int";
            case "BIGINT", "HUGEINT", "UBIGINT" -> "bigint";
            case "SMALLINT", "USMALLINT" -> "smallint";
            case "TINYINT", "UTINYINT" -> "tinyint";
            case "DOUBLE" -> "double";
            case "FLOAT" -> "float";
            case "BOOLEAN" -> "boolean";
            case "DATE" -> "date";
            case "BLOB" -> "binary";
            default -> t.startsWith("TIMESTAMP") ? "timestamp" : "string";
        };
    }
}
