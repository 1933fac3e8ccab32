package dev.kiln.trino;

import io.trino.jdbc.TrinoDriver;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Plain JDBC on the shared Trino, to set up sources and read results behind Kiln's back. */
final class Jdbc {

    private Jdbc() {
    }

    static Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "test");
        TrinoServer t = TrinoServer.shared();
        return new TrinoDriver().connect("jdbc:trino://" + t.host() + ":" + t.port() + "/iceberg", p);
    }

    static void execute(String... statements) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    /** Every row as {@code a|b|c} text (numbers as longs when whole). */
    static List<String> rows(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
                        v = num.longValue();
                    }
                    sb.append(i > 1 ? "|" : "").append(v);
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    static Object scalar(String sql) throws SQLException {
        List<String> r = rows(sql);
        return r.isEmpty() ? null : r.get(0);
    }
}
