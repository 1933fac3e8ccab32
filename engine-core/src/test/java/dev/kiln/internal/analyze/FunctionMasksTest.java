package dev.kiln.internal.analyze;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FunctionMasksTest {

    @Test
    void renamesCallsCalciteParsesSpeciallyKeepingTheLength() {
        String sql = "select date_diff('day', t.a, t.b), DATE_DIFF ('x', a, b) from range(1, 3) r";
        String masked = FunctionMasks.apply(sql);
        assertThat(masked).isEqualTo("select xate_diff('day', t.a, t.b), xATE_DIFF ('x', a, b) from xange(1, 3) r");
        assertThat(masked).hasSameSizeAs(sql);
    }

    @Test
    void leavesLiteralsQuotedNamesCommentsColumnsAndFramesAlone() {
        String sql = "select 'date_diff(' as s, \"range\"(1), t.range(2), date_diff_2(1), x.date_diff -- range(\n"
                + "/* date_diff( */ , sum(a) over (order by b range between 1 preceding and current row) from t";
        assertThat(FunctionMasks.apply(sql)).isSameAs(sql);
    }
}
