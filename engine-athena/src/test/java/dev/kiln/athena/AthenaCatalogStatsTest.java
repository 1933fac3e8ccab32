package dev.kiln.athena;

import dev.kiln.Relation;
import dev.kiln.spi.CatalogEntry;
import dev.kiln.spi.RelationInfo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** catalog.json's statistics on Athena come from the Glue entry's table parameters, never from a scan. */
class AthenaCatalogStatsTest {

    private static CatalogTable table(Map<String, String> parameters) {
        return new CatalogTable(Relation.of("shop", "orders"), TableFormat.HIVE, S3Uri.parse("s3://bucket/shop/orders/"),
                List.of(new RelationInfo.Column("id", "bigint")), List.of(new RelationInfo.Column("day", "date")), parameters);
    }

    @Test
    void rowCountAndSizeFromGlueStatistics() {
        List<CatalogEntry.Stat> stats = AthenaSession.stats(table(Map.of("numRows", "1234", "totalSize", "56789")));
        assertThat(stats).extracting(CatalogEntry.Stat::id, CatalogEntry.Stat::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("row_count", 1234L),
                        org.assertj.core.groups.Tuple.tuple("bytes", 56789L));
    }

    @Test
    void crawlerCountsAreReadAndNonsenseIsIgnored() {
        assertThat(AthenaSession.stats(table(Map.of("recordCount", "42", "numRows", "-1"))))
                .extracting(CatalogEntry.Stat::value).containsExactly(42L);
        assertThat(AthenaSession.stats(table(Map.of("numRows", "many", "classification", "parquet")))).isEmpty();
    }
}
