package dev.kiln.internal.execute;

import dev.kiln.ColumnSpec;
import dev.kiln.CompiledNode;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.spi.Dialect;
import dev.kiln.spi.QueryResult;
import dev.kiln.spi.Session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Enforces a model's {@code contract: {enforced: true}} before anything is built: the model's
 * query is run for zero rows, and its columns must be exactly the documented ones, in any
 * order, each of its declared {@code data_type} (compared loosely: {@code int} and
 * {@code integer} are the same, {@code varchar(10)} is a {@code varchar}). The previous table
 * is never touched when the contract fails.
 */
final class ContractCheck {

    private static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry("int", "integer"), Map.entry("int4", "integer"), Map.entry("int32", "integer"),
            Map.entry("int8", "bigint"), Map.entry("long", "bigint"), Map.entry("int64", "bigint"),
            Map.entry("int2", "smallint"), Map.entry("short", "smallint"),
            Map.entry("text", "varchar"), Map.entry("string", "varchar"), Map.entry("char", "varchar"),
            Map.entry("bpchar", "varchar"), Map.entry("float8", "double"), Map.entry("double precision", "double"),
            Map.entry("float4", "float"), Map.entry("real", "float"), Map.entry("numeric", "decimal"),
            Map.entry("bool", "boolean"), Map.entry("logical", "boolean"), Map.entry("datetime", "timestamp"));

    private ContractCheck() {
    }

    static boolean applies(CompiledNode node) {
        Object c = node.config().values().get("contract");
        return c instanceof Map<?, ?> m && Boolean.parseBoolean(String.valueOf(m.get("enforced")));
    }

    static void enforce(CompiledNode node, Session session, Dialect dialect) {
        List<ColumnSpec> declared = node.node().docs().columns();
        QueryResult r = session.query(dialect.limit(node.compiledSql(), 0), 0);
        Map<String, String> actual = new LinkedHashMap<>();
        for (int i = 0; i < r.columns().size(); i++) {
            actual.put(r.columns().get(i).toLowerCase(Locale.ROOT), r.types().get(i));
        }
        List<String> problems = new ArrayList<>();
        Map<String, ColumnSpec> expected = new LinkedHashMap<>();
        declared.forEach(c -> expected.put(c.name().toLowerCase(Locale.ROOT), c));
        for (ColumnSpec c : declared) {
            String got = actual.get(c.name().toLowerCase(Locale.ROOT));
            if (got == null) {
                problems.add("missing column '" + c.name() + "'");
            } else if (c.dataType() == null) {
                problems.add("column '" + c.name() + "' declares no data_type");
            } else if (!normalize(c.dataType()).equals(normalize(got))) {
                problems.add("column '" + c.name() + "' is " + got + ", the contract says " + c.dataType());
            }
        }
        actual.keySet().stream().filter(k -> !expected.containsKey(k))
                .forEach(k -> problems.add("column '" + k + "' is not in the contract"));
        if (!problems.isEmpty()) {
            throw new KilnException(ErrorCode.EXECUTION_FAILED, "Contract of " + node.name() + " ("
                    + node.node().origin().path() + ") is not met: " + String.join("; ", problems)
                    + ". The existing relation was left as it was.");
        }
    }

    static String normalize(String type) {
        String t = type.toLowerCase(Locale.ROOT).strip();
        int paren = t.indexOf('(');
        if (paren > 0 && !t.startsWith("decimal") && !t.startsWith("numeric")) {
            t = t.substring(0, paren).strip();
        }
        if (t.startsWith("numeric")) {
            t = "decimal" + t.substring(7);
        }
        return SYNONYMS.getOrDefault(t, t).replace(" ", "");
    }
}
