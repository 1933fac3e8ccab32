package dev.kiln.internal.unittest;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.UnitTestSpec;
import dev.kiln.spi.Dialect;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The SELECT that builds a fixture table from a unit test's {@code given} rows (or its query, with {@code format: sql}). */
final class FixtureTable {

    private FixtureTable() {
    }

    /**
     * {@code select * from (values (…), (…)) as t(c1, c2)}; columns are the union of the rows'
     * keys (a row without a key gets null). With no rows, the documented columns make an empty table.
     */
    static String select(UnitTestSpec.Given g, List<String> documented, Dialect dialect) {
        if (g.isSql()) { // format: sql, the query returns the rows
            return "select * from (\n" + g.text().strip().replaceAll(";+$", "") + "\n) as kiln_fixture";
        }
        Set<String> cols = new LinkedHashSet<>();
        g.rows().forEach(r -> cols.addAll(r.keySet()));
        if (cols.isEmpty()) {
            if (documented.isEmpty()) {
                throw new KilnException(ErrorCode.PROJECT_INVALID, g.position() + ": input " + g.input()
                        + " has no rows and its columns are not documented; give at least one row.");
            }
            List<String> nulls = documented.stream().map(c -> "null as " + dialect.quoteIdentifier(c)).toList();
            return "select " + String.join(", ", nulls) + " where 1 = 0";
        }
        List<String> columns = new ArrayList<>(cols);
        StringBuilder sb = new StringBuilder("select * from (values ");
        for (int i = 0; i < g.rows().size(); i++) {
            Map<String, Object> row = g.rows().get(i);
            sb.append(i == 0 ? "" : ", ").append('(');
            for (int c = 0; c < columns.size(); c++) {
                sb.append(c == 0 ? "" : ", ").append(SqlLiterals.of(row.get(columns.get(c)), dialect));
            }
            sb.append(')');
        }
        sb.append(") as kiln_fixture(");
        for (int c = 0; c < columns.size(); c++) {
            sb.append(c == 0 ? "" : ", ").append(dialect.quoteIdentifier(columns.get(c)));
        }
        return sb.append(')').toString();
    }
}
