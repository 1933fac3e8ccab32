package dev.kiln.trino;

import dev.kiln.CompiledNode;
import dev.kiln.KilnException;
import dev.kiln.Node;
import dev.kiln.NodeConfig;
import dev.kiln.NodeDocs;
import dev.kiln.NodeOrigin;
import dev.kiln.Relation;
import dev.kiln.ResourceType;
import dev.kiln.SourcePosition;
import dev.kiln.TargetConfig;
import dev.kiln.spi.AdapterContext;
import dev.kiln.spi.BuildRequest;
import dev.kiln.spi.Session;
import dev.kiln.spi.SyntaxChecker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the Trino adapter does beyond the shared contract, on the real Trino. */
class TrinoAdapterTest {

    @TempDir
    Path dir;

    private static TargetConfig target(Map<String, Object> settings) {
        return new TargetConfig("dev", "trino", settings, SourcePosition.of(Path.of("kiln.yml")));
    }

    private static CompiledNode model(String name, String sql, Map<String, Object> config) {
        Node n = new Node("model.t." + name, ResourceType.MODEL, name,
                new NodeOrigin(Path.of("models/" + name + ".sql"), SourcePosition.of(Path.of("models/" + name + ".sql")),
                        List.of("t", name)), sql, new NodeConfig(config), NodeDocs.NONE, null);
        return new CompiledNode(n, sql, Relation.of("adapter_test", name), List.of(), List.of());
    }

    @Test
    void datediffCountsTheBoundariesCrossedAsDbtAndDuckDbDo() throws Exception {
        TrinoDialect d = new TrinoDialect("iceberg", "default");
        String late = "timestamp '2026-01-01 23:30:00'";
        String early = "timestamp '2026-01-02 00:10:00'";
        // Trino's own date_diff says 0 days and 0 hours here (less than a whole unit elapsed)
        assertThat(Jdbc.rows("select " + d.datediff("day", late, early) + ", " + d.datediff("hour", late, early) + ", "
                + d.datediff("month", "date '2026-01-31'", "date '2026-02-01'") + ", "
                + d.datediff("second", "timestamp '2026-01-01 00:00:00.900'", "timestamp '2026-01-01 00:00:01.100'") + ", "
                + d.datediff("day", "date '2026-03-01'", "date '2026-02-27'")))
                .containsExactly("1|1|1|1|-2");
    }

    @Test
    void renameReplaceKeepsTheOldTableWhenTheNewOneFailsAndSwapsOtherwise() throws Exception {
        Map<String, Object> settings = new HashMap<>(TrinoServer.shared().target("adapter_test"));
        settings.put("table_replace", "rename");
        try (var adapter = new TrinoProvider().open(new AdapterContext(target(settings), dir));
             Session s = adapter.openSession()) {
            var m = adapter.materializer();
            m.table(new BuildRequest(model("r", "select 1 as id", Map.of()), Relation.of("adapter_test", "r"), s, false, dir));
            assertThatThrownBy(() -> m.table(new BuildRequest(model("r", "select 1 / 0 as id", Map.of()),
                    Relation.of("adapter_test", "r"), s, false, dir))).isInstanceOf(KilnException.class);
            assertThat(Jdbc.rows("select id from iceberg.adapter_test.r")).containsExactly("1");
            m.table(new BuildRequest(model("r", "select 2 as id union all select 3", Map.of()), Relation.of("adapter_test", "r"),
                    s, false, dir));
            assertThat(Jdbc.rows("select id from iceberg.adapter_test.r order by 1")).containsExactly("2", "3");
            assertThat(s.relations(List.of("adapter_test")).keySet()).noneMatch(r -> r.identifier().contains("__kiln"));
        }
    }

    @Test
    void transientFailuresAreTheUnreachableCoordinatorAndTrinosResourceErrorsNotUserErrors() throws Exception {
        // the codes Kiln treats as transient are Trino's own (checked against the server's enums)
        for (Map.Entry<String, Integer> e : Transience.TRANSIENT_CODES.entrySet()) {
            Class<?> enumType = Class.forName(e.getKey().startsWith("ICEBERG_") ? "io.trino.plugin.iceberg.IcebergErrorCode"
                    : "io.trino.spi.StandardErrorCode");
            Object code = enumType.getMethod("valueOf", String.class).invoke(null, e.getKey());
            Object errorCode = enumType.getMethod("toErrorCode").invoke(code);
            assertThat(errorCode.getClass().getMethod("getCode").invoke(errorCode)).as(e.getKey()).isEqualTo(e.getValue());
        }
        try (var adapter = new TrinoProvider().open(new AdapterContext(target(TrinoServer.shared().target("adapter_test")), dir));
             Session s = adapter.openSession()) {
            Throwable syntax = catchKiln(() -> s.query("select from where", 1));
            Throwable missing = catchKiln(() -> s.query("select * from iceberg.adapter_test.no_such_table", 1));
            Throwable divide = catchKiln(() -> s.query("select 1 / 0", 1));
            assertThat(List.of(syntax, missing, divide)).noneMatch(adapter::isTransient);
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            Map<String, Object> gone = new HashMap<>(TrinoServer.shared().target("adapter_test"));
            gone.put("port", closedPort);
            Throwable unreachable = catchKiln(() -> new TrinoProvider().open(new AdapterContext(target(gone), dir)));
            assertThat(unreachable.getMessage()).contains("Cannot reach Trino at jdbc:trino://");
            assertThat(adapter.isTransient(unreachable)).isTrue();
        }
    }

    private static Throwable catchKiln(Runnable r) {
        try {
            r.run();
        } catch (KilnException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void theParserCheckFindsSyntaxErrorsWithTheirOffsetAndAcceptsTrinoSql() {
        SyntaxChecker checker = new TrinoProvider().syntaxChecker(target(Map.of())).orElseThrow();
        assertThat(checker.id()).startsWith("trino-parser-");
        assertThat(checker.check("select date_add('day', 1, current_date), try_cast('x' as integer)"
                + " from unnest(sequence(1, 3)) as t(x) where regexp_like('a', 'a')")).isEmpty();
        String bad = "select a,\n  from from t";
        var failure = checker.check(bad).orElseThrow();
        assertThat(bad.substring(failure.offset())).startsWith("from");
        assertThat(failure.offset()).isGreaterThan(bad.indexOf('\n'));
    }

    @Test
    void settingsAreCheckedAndThePasswordNeverShown() {
        assertThatThrownBy(() -> TrinoSettings.of(target(Map.of("database", "iceberg", "hots", "x"))))
                .hasMessageContaining("kiln.yml").hasMessageContaining("unknown setting 'hots'");
        assertThatThrownBy(() -> TrinoSettings.of(target(Map.of("database", "iceberg", "password", "s3cret"))))
                .hasMessageContaining("http_scheme: https").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> TrinoSettings.of(target(Map.of("host", "h"))))
                .hasMessageContaining("needs 'database'");
        TrinoSettings ok = TrinoSettings.of(target(Map.of("database", "Iceberg", "password", "s3cret", "http_scheme", "https",
                "session_properties", Map.of("query_max_run_time", "1h"))));
        assertThat(ok.url()).isEqualTo("jdbc:trino://localhost:443/iceberg/default");
        assertThat(ok.toString()).doesNotContain("s3cret");
        assertThat(ok.properties().getProperty("sessionProperties")).isEqualTo("query_max_run_time:1h");
    }
}
