package dev.kiln.athena;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Translates Hive type names, as Glue stores them, into Athena's SQL names. */
public final class HiveTypes {

    private static final Pattern WORD = Pattern.compile("\\b(string|int|float|binary)\\b");

    private HiveTypes() {
    }

    /** {@code string} → {@code varchar}, {@code int} → {@code integer}, {@code float} → {@code real}, {@code binary} → {@code varbinary}; the rest as they are (nested types too). */
    public static String toSql(String hive) {
        if (hive == null) {
            return null;
        }
        Matcher m = WORD.matcher(hive.toLowerCase(Locale.ROOT));
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, switch (m.group(1)) {
                case "string" -> "varchar";
                case "int" -> "integer";
                case "float" -> "real";
                default -> "varbinary";
            });
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
