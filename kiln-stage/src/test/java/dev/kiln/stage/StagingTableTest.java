package dev.kiln.stage;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.kiln.KilnException;
import dev.kiln.spi.LoadType;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rows staged into a real (in-memory) DuckDB table, across schema changes. */
class StagingTableTest {

    private static List<String> rows(DuckDBConnection c, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void stagesEveryTypeAcrossAddedAndWidenedColumnsInOrder() throws Exception {
        try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
            StagingTable t = new StagingTable(c, "main", "stage \"one\"", "app.orders");
            t.append(new Object[]{1L}); // no columns yet: nothing to stage
            t.addColumn("id", LoadType.BIGINT);
            t.addColumn("ok", LoadType.BOOLEAN);
            t.append(new Object[]{1L, true});
            t.append(new Object[]{2});
            t.addColumn("day", LoadType.DATE);
            t.addColumn("at", LoadType.TIMESTAMP);
            t.addColumn("amount", LoadType.parse("DECIMAL(10,2)"));
            t.append(new Object[]{3L, false, LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 3), "12.50"});
            t.widenColumn("id", LoadType.DOUBLE);
            t.append(new Object[]{4.5, null, null, LocalDateTime.of(2026, 11, 4, 10, 0), new BigDecimal("1.25")});
            t.widenColumn("ok", LoadType.VARCHAR);
            t.append(new Object[]{5, "maybe"});
            t.finish();

            assertThat(t.columnNames()).containsExactly("id", "ok", "day", "at", "amount");
            assertThat(t.columns().get("id")).isEqualTo(LoadType.DOUBLE);
            assertThat(t.relation()).isEqualTo("\"main\".\"stage \"\"one\"\"\"");
            assertThat(rows(c, "select concat_ws('|', \"id\", ok, \"day\", \"at\", amount) from " + t.relation() + " order by rowid"))
                    .containsExactly("1.0|true", "2.0", "3.0|false|2026-11-02|2026-11-03 00:00:00|12.50",
                            "4.5|2026-11-04 10:00:00|1.25", "5.0|maybe");
        }
    }

    @Test
    void lastPerKeyKeepsTheLastStagedRowOfEachKey() throws Exception {
        try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
            StagingTable t = new StagingTable(c, "main", "s", "app.users");
            t.addColumn("id", LoadType.BIGINT);
            t.addColumn("name", LoadType.VARCHAR);
            t.append(new Object[]{1L, "ann"});
            t.append(new Object[]{2L, "bob"});
            t.append(new Object[]{1L, "ann2"});
            t.finish();
            assertThat(rows(c, "select id || ':' || name from (" + StagingTable.lastPerKey(t.relation(), List.of("id"))
                    + ") order by id")).containsExactly("1:ann2", "2:bob");
            assertThat(rows(c, "select count(*) from (" + StagingTable.lastPerKey(t.relation(), List.of()) + ")"))
                    .containsExactly("3");
        }
    }

    @Test
    void aFailedSchemaChangeNamesTheLoad() throws Exception {
        try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
            assertThatThrownBy(() -> new StagingTable(c, "nowhere", "s", "app.users").addColumn("x", LoadType.BIGINT))
                    .isInstanceOf(KilnException.class).hasMessageStartingWith("DuckDB failed staging rows of app.users: ");
        }
    }

    @Test
    void theStagingModuleUsesOnlyKilnsApiAndSpi() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.kiln.stage");
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.kiln.internal..", "dev.kiln.duckdb..",
                        "dev.kiln.athena..", "dev.kiln.ingest..")
                .because("both adapters' load sinks use it; it must not pull in either, or the loaders")
                .check(classes);
    }
}
