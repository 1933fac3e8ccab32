package dev.kiln.athena;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.spi.QueryResult;
import dev.kiln.spi.Session;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JDBC execution path. The official Athena driver is not on Maven Central, so its selection
 * is tested by class presence, and the JDBC engine itself runs against DuckDB's JDBC driver.
 */
class JdbcExecutionTest {

    @Test
    void autoTakesJdbcOnlyWhenTheDriverIsPresent() {
        assertThat(ExecutionPath.AUTO.resolve(true)).isEqualTo(ExecutionPath.JDBC);
        assertThat(ExecutionPath.AUTO.resolve(false)).isEqualTo(ExecutionPath.API);
        assertThat(ExecutionPath.API.resolve(true)).isEqualTo(ExecutionPath.API);
        assertThat(ExecutionPath.JDBC.resolve(true)).isEqualTo(ExecutionPath.JDBC);
        assertThatThrownBy(() -> ExecutionPath.JDBC.resolve(false)).hasMessageContaining(ExecutionPath.DRIVER_CLASS);
    }

    @Test
    void theDriverIsDetectedByItsClass() {
        assertThat(ExecutionPath.driverPresent(getClass().getClassLoader())).isFalse();
        ClassLoader withDriver = new ByteBuddy().subclass(Object.class).name(ExecutionPath.DRIVER_CLASS).make()
                .load(getClass().getClassLoader(), ClassLoadingStrategy.Default.WRAPPER).getLoaded().getClassLoader();
        assertThat(ExecutionPath.driverPresent(withDriver)).isTrue();
    }

    @Test
    void openingWithExecutionJdbcWithoutTheDriverIsRefused() {
        RecordedAws aws = new RecordedAws();
        assertThatThrownBy(() -> AthenaAdapter.open(Targets.settings(Map.of("execution", "jdbc")), aws.setup()))
                .isInstanceOfSatisfying(KilnException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ADAPTER_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("execution: jdbc").contains("execution: api");
                });
        try (AthenaAdapter auto = AthenaAdapter.open(Targets.settings(Map.of("execution", "auto")), aws.setup())) {
            assertThat(auto.executionPath()).isEqualTo(ExecutionPath.API);
        }
    }

    @Test
    void driverPropertiesCarryTheTarget() {
        Properties p = JdbcQueryEngine.driverProperties(Targets.settings(Map.of("aws_profile_name", "reader")));
        assertThat(p).containsEntry("Region", "eu-west-1").containsEntry("WorkGroup", "analytics")
                .containsEntry("Catalog", "AwsDataCatalog").containsEntry("Database", "datavision")
                .containsEntry("OutputLocation", "s3://results/athena/")
                .containsEntry("CredentialsProvider", "ProfileCredentials").containsEntry("ProfileName", "reader");
        assertThat(JdbcQueryEngine.driverProperties(Targets.settings())).containsEntry("CredentialsProvider", "DefaultChain");
    }

    @Test
    void sessionsOnTheJdbcPathRunStatementsThroughTheConnection() throws Exception {
        RecordedAws aws = new RecordedAws();
        try (AthenaAdapter a = AthenaAdapter.open(Targets.settings(), aws.setup(), ExecutionPath.JDBC,
                () -> DriverManager.getConnection("jdbc:duckdb:")); Session s = a.openSession()) {
            assertThat(a.executionPath()).isEqualTo(ExecutionPath.JDBC);
            assertThat(s.execute("create table t as select * from range(5) r(x)")).isEqualTo(5);
            QueryResult r = s.query("select x from t order by x", 3);
            assertThat(r.columns()).containsExactly("x");
            assertThat(r.rows()).extracting(row -> ((Number) row.get(0)).intValue()).containsExactly(0, 1, 2);
            assertThat(r.truncated()).isTrue();
            assertThat(s.lastResponse()).isEmpty();
            assertThatThrownBy(() -> s.query("select * from no_such_table_anywhere", 1))
                    .isInstanceOfSatisfying(KilnException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.EXECUTION_FAILED);
                        assertThat(e.getMessage()).contains("no_such_table_anywhere");
                    });

            CompletableFuture<Throwable> running = dev.kiln.testkit.EndlessQuery.start(sql -> s.query(sql, 1));
            Thread.sleep(300);
            s.cancel();
            assertThat(running.get(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(KilnException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
        }
        assertThat(aws.calls()).isEmpty();
    }

    @Test
    void theGlueAndS3SidesStayOnTheSdk() {
        RecordedAws aws = new RecordedAws();
        aws.on("GetTables", "{\"TableList\":[]}");
        try (AthenaAdapter a = AthenaAdapter.open(Targets.settings(), aws.setup(), ExecutionPath.JDBC,
                () -> DriverManager.getConnection("jdbc:duckdb:")); Session s = a.openSession()) {
            assertThat(s.relations(List.of())).isEmpty();
        }
        assertThat(aws.operations()).containsExactly("GetTables");
    }
}
