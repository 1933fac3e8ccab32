package dev.kiln.cli.airflow;

import java.util.Locale;
import java.util.Set;

/** Python identifiers and literals for the generated DAG file. */
final class Names {

    /** Python keywords and soft keywords, and the names the generated file defines itself. */
    private static final Set<String> RESERVED = Set.of("False", "None", "True", "and", "as", "assert", "async",
            "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
            "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
            "try", "while", "with", "yield", "match", "case", "dag", "os", "datetime", "timedelta", "kiln", "DAG",
            "TaskGroup", "EcsRunTaskOperator");

    private Names() {
    }

    /** A valid Python identifier (and Airflow group id) from any name. */
    static String python(String name) {
        String s = name.replaceAll("[^A-Za-z0-9_]", "_");
        if (s.isEmpty() || Character.isDigit(s.charAt(0))) {
            s = "n_" + s;
        }
        return RESERVED.contains(s) ? s + "_" : s;
    }

    /** A Python string literal, ASCII only. */
    static String literal(String value) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
