package dev.kiln.athena;

import dev.kiln.Relation;
import dev.kiln.SourcePosition;
import dev.kiln.SourceTable;
import dev.kiln.TargetConfig;
import dev.kiln.spi.AdapterProvider;
import dev.kiln.spi.Dialect;
import dev.kiln.spi.RelationKind;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** Athena's SQL spelling. */
class AthenaDialectTest {

    private final AthenaDialect d = new AthenaDialect("AwsDataCatalog");

    @Test
    void relationsAreSchemaQualifiedAndCatalogQualifiedOnlyForOtherCatalogs() {
        assertThat(d.render(Relation.of("analytics", "orders"))).isEqualTo("\"analytics\".\"orders\"");
        assertThat(d.render(new Relation("awsdatacatalog", "analytics", "orders"))).isEqualTo("\"analytics\".\"orders\"");
        assertThat(d.render(new Relation("federated", "public", "orders"))).isEqualTo("\"federated\".\"public\".\"orders\"");
        assertThat(d.quoteIdentifier("we\"ird")).isEqualTo("\"we\"\"ird\"");
        assertThat(d.renderDdl(Relation.of("analytics", "or`ders"))).isEqualTo("`analytics`.`or``ders`");
    }

    @Test
    void sourcesAreGlueTables() {
        SourceTable s = new SourceTable("source.p.raw.events", "raw", "events", Relation.of("raw", "events"),
                "s3://lake/raw/events/", null, Map.of(), dev.kiln.NodeDocs.NONE, null);
        assertThat(d.renderSource(s, Path.of("."))).isEqualTo("\"raw\".\"events\"");
    }

    @Test
    void crossDatabaseHelpersSpeakTrino() {
        assertThat(d.dateadd("day", "7", "created_at")).isEqualTo("date_add('day', 7, created_at)");
        assertThat(d.datediff("month", "a", "b")) // boundaries crossed, as DuckDB and dbt count them
                .isEqualTo("date_diff('month', date_trunc('month', a), date_trunc('month', b))");
        assertThat(d.dateTrunc("week", "ts")).isEqualTo("date_trunc('week', ts)");
        assertThat(d.safeCast("amount", "double")).isEqualTo("try_cast(amount as double)");
        assertThat(d.concat(List.of("first_name", "' '", "last_name"))).isEqualTo("concat(first_name, ' ', last_name)");
        assertThat(d.hash("user_id")).isEqualTo("lower(to_hex(md5(to_utf8(cast(user_id as varchar)))))");
        assertThat(d.currentTimestamp()).isEqualTo("cast(current_timestamp as timestamp(6))");
        assertThat(d.limit("select 1", 5)).isEqualTo("select * from (\nselect 1\n) limit 5");
        assertThat(d.quoteString("it's")).isEqualTo("'it''s'");
        assertThat(d.typeString()).isEqualTo("varchar");
    }

    @Test
    void ddl() {
        Relation t = Relation.of("analytics", "orders");
        assertThat(d.supportsTransactionalDdl()).isFalse();
        assertThat(d.dropRelationIfExists(t, RelationKind.TABLE)).isEqualTo("drop table if exists `analytics`.`orders`");
        assertThat(d.dropRelationIfExists(t, RelationKind.VIEW)).isEqualTo("drop view if exists \"analytics\".\"orders\"");
        assertThat(d.createSchema("analytics")).isEqualTo("create schema if not exists `analytics`");
        assertThat(d.createView(t, "select 1")).isEqualTo("create or replace view \"analytics\".\"orders\" as\nselect 1");
        assertThat(d.createTableAs(t, "select 1")).isEqualTo("create table \"analytics\".\"orders\"\nwith (format = 'PARQUET')\nas\nselect 1");
        assertThat(d.renameRelation(t, "orders_old")).isEqualTo("alter table `analytics`.`orders` rename to `orders_old`");
        assertThat(d.name()).isEqualTo("athena");
        assertThat(d.defaultSchema()).isEqualTo("default");
    }

    @Test
    void theProviderIsFoundByTypeAndGivesTheDialectWithoutConnecting() {
        AdapterProvider p = ServiceLoader.load(AdapterProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(x -> x.type().equals("athena")).findFirst().orElseThrow();
        assertThat(p).isInstanceOf(AthenaProvider.class);
        Dialect dialect = p.dialect(new TargetConfig("prod", "athena", Map.of("database", "lake"), SourcePosition.of(Path.of("kiln.yml"))));
        assertThat(dialect.name()).isEqualTo("athena");
        assertThat(dialect.render(new Relation("lake", "s", "t"))).isEqualTo("\"s\".\"t\"");
    }

    @Test
    void partitionSpecsForBatching() {
        assertThat(PartitionSpec.of(List.of("dt", "day(occurred_at)", "bucket(16, user_id)", "truncate(kind, 3)", "month(\"ts\")"), d)
                .expressions()).containsExactly("\"dt\"", "date_trunc('day', \"occurred_at\")", "\"user_id\"", "\"kind\"",
                "date_trunc('month', \"ts\")");
    }

    @Test
    void hiveTypeNames() {
        assertThat(HiveTypes.toSql("map<string,int>")).isEqualTo("map<varchar,integer>");
        assertThat(HiveTypes.toSql("decimal(10,2)")).isEqualTo("decimal(10,2)");
        assertThat(AthenaSql.hiveType("varchar")).isEqualTo("string");
        assertThat(AthenaSql.hiveType("timestamp(6)")).isEqualTo("timestamp");
    }
}
