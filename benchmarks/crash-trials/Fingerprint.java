import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints one line per relation of a DuckDB file: {@code schema.name<TAB>fingerprint}, where a
 * table's fingerprint is its row count and a hash of its rows (columns named kiln_* left out:
 * a snapshot's validity times are those of its own run), and a view's is "view". Relations
 * under a temporary name (containing "__kiln_") are printed as {@code TEMP<TAB>schema.name}.
 * Exit 3 when the database cannot be opened. Used by crash-trials.sh.
 */
public final class Fingerprint {
    public static void main(String[] args) throws Exception {
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:duckdb:" + args[0]);
        } catch (Exception e) {
            System.out.println("CANNOT_OPEN\t" + e.getMessage());
            System.exit(3);
            return;
        }
        try (c; Statement st = c.createStatement()) {
            List<String[]> rels = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("select table_schema, table_name, table_type from information_schema.tables"
                    + " order by 1, 2")) {
                while (rs.next()) {
                    rels.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
            for (String[] r : rels) {
                String name = r[0] + "." + r[1];
                if (r[1].contains("__kiln_")) {
                    System.out.println("TEMP\t" + name);
                    continue;
                }
                if (r[2].equals("VIEW")) {
                    System.out.println(name + "\tview");
                    continue;
                }
                List<String> cols = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("select column_name from information_schema.columns where table_schema = '"
                        + r[0] + "' and table_name = '" + r[1] + "' and column_name not like 'kiln\\_%' escape '\\' order by ordinal_position")) {
                    while (rs.next()) {
                        cols.add("\"" + rs.getString(1) + "\"");
                    }
                }
                try (ResultSet rs = st.executeQuery("select count(*) || ':' || coalesce(sum(hash(" + String.join(", ", cols)
                        + "))::varchar, '') from \"" + r[0] + "\".\"" + r[1] + "\"")) {
                    rs.next();
                    System.out.println(name + "\t" + rs.getString(1));
                }
            }
        }
    }
}
