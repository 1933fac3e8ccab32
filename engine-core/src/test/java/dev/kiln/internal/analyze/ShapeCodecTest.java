package dev.kiln.internal.analyze;

import dev.kiln.AnalysisStatus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShapeCodecTest {

    private static ParsedModel parse(String sql, List<String> rendered) {
        return new ModelParser(null).parse(sql, rendered);
    }

    @Test
    void roundTripsEveryKindOfShape() throws Exception {
        String sql = """
                with recursive r (n) as (select 1 union all select n + 1 from r where n < 3),
                     x as (select * replace (a + 1 as a) from "main"."t"),
                     y as (select * exclude (b) from x)
                select x.*, u.v, (select max(n) from r) as m, sum(a) over (partition by b order by c) as w,
                       case when a > 1 then 'big' end as size
                from y x cross join unnest(x.arr) as u(v), lateral (select 1 as one) l
                join read_parquet('/data/*.parquet') p using (id)
                where exists (select 1 from other.s)
                intersect select 1, 2, 3, 4, 5, 6 from (values (1)) as v(k)
                """;
        ParsedModel parsed = parse(sql, List.of("\"main\".\"t\"", "read_parquet('/data/*.parquet')"));
        assertThat(parsed.status()).as(parsed.error()).isEqualTo(AnalysisStatus.PARSED);
        assertThat(ShapeCodec.decode(ShapeCodec.encode(parsed))).isEqualTo(parsed);
    }

    @Test
    void roundTripsFailures() throws Exception {
        ParsedModel unknown = parse("select {'a': 1} as s", List.of());
        assertThat(unknown.status()).isEqualTo(AnalysisStatus.UNKNOWN);
        assertThat(unknown.errorOffset()).isEqualTo(7);
        assertThat(ShapeCodec.decode(ShapeCodec.encode(unknown))).isEqualTo(unknown);
    }

    @Test
    void masksKeepOffsetsAndNameTheRenderedRelation() {
        RelationMasks m = RelationMasks.apply("select * from \"raw\".\"users\" u join \"raw\".\"users\" v on true",
                List.of("\"raw\".\"users\"", "__kiln_cte__e"));
        assertThat(m.sql()).isEqualTo("select * from \"#0         \" u join \"#0         \" v on true");
        assertThat(m.masks()).containsExactly(java.util.Map.entry("#0         ", "\"raw\".\"users\""));
    }
}
