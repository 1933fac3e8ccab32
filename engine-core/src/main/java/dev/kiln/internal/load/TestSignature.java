package dev.kiln.internal.load;

import dev.kiln.internal.util.Suggest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a built-in generic test accepts: where it may be declared, its arguments with their
 * kinds, and the rules that tie arguments together ("min_value or max_value"). Checks a
 * declaration and explains every problem with a hint.
 *
 * @param name      the test's name ({@code accepted_range})
 * @param resource  the template it renders ({@code row_count} for the alias
 *                  {@code expect_table_row_count_to_be_between})
 * @param scope     whether it is declared on a column, on a model, or either
 * @param arguments every argument it understands
 * @param rules     constraints across arguments
 */
public record TestSignature(String name, String resource, Scope scope, List<Argument> arguments, List<Rule> rules) {

    /** Where a test may be declared. */
    public enum Scope {
        /** Under a column ({@code column_name} is set). */
        COLUMN,
        /** Under a model, seed, snapshot or source ({@code column_name} is not set). */
        MODEL,
        /** Either. */
        ANY
    }

    /**
     * One argument.
     *
     * @param name     as written in YAML
     * @param kind     what values it takes
     * @param required whether the test needs it
     */
    public record Argument(String name, Kind kind, boolean required) {
    }

    /**
     * A constraint across arguments.
     *
     * @param problem the problem of a declaration, or {@code null} when it holds
     */
    public record Rule(Function<Map<String, Object>, Problem> problem) {
    }

    /**
     * A problem with a test declaration.
     *
     * @param code    a stable short code ({@code missing-test-argument}, {@code bad-test-argument}, …)
     * @param message what is wrong
     * @param hint    what to write instead
     */
    public record Problem(String code, String message, String hint) {
    }

    /** The values an argument takes. */
    public enum Kind {
        /** A number, e.g. {@code 100} or {@code 0.5}. */
        NUMBER("a number, e.g. 100"),
        /** A number from 0 to 1, e.g. {@code 0.05}. */
        SHARE("a share between 0 and 1, e.g. 0.05"),
        /** {@code true} or {@code false}. */
        BOOLEAN("true or false"),
        /** A text (a column name, a SQL expression, a regular expression, a date part). */
        TEXT("a text"),
        /** A list of values, e.g. {@code [a, b]}. */
        LIST("a list, e.g. [a, b]"),
        /** A mapping or a list, e.g. {@code {user_id: integer}}. */
        MAP_OR_LIST("a mapping such as {user_id: integer, plan: varchar}, or a list of column names"),
        /** A number or a SQL expression (a bound of a range). */
        BOUND("a number, a date such as '2026-01-01', or a SQL expression"),
        /** A date part of {@code dateadd}. */
        DATEPART("one of second, minute, hour, day, week, month, quarter, year"),
        /** Anything (e.g. {@code ref('model')}). */
        ANY("a value");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        /** What a value of this kind looks like, for hints. */
        public String description() {
            return description;
        }

        /** Whether {@code value} is of this kind. */
        boolean accepts(Object value) {
            return switch (this) {
                case NUMBER -> isNumber(value);
                case SHARE -> isNumber(value) && number(value) >= 0 && number(value) <= 1;
                case BOOLEAN -> value instanceof Boolean;
                case TEXT -> value instanceof String s && !s.isBlank();
                case LIST -> value instanceof List<?> l && !l.isEmpty();
                case MAP_OR_LIST -> value instanceof Map<?, ?> m && !m.isEmpty() || value instanceof List<?> l && !l.isEmpty();
                case BOUND -> isNumber(value) || value instanceof String s && !s.isBlank()
                        || value instanceof java.util.Date || value instanceof java.time.temporal.Temporal;
                case DATEPART -> value instanceof String s && DATEPARTS.contains(s.toLowerCase(java.util.Locale.ROOT));
                case ANY -> value != null;
            };
        }
    }

    /** Date parts that {@code dateadd} understands on every dialect. */
    public static final List<String> DATEPARTS = List.of("second", "minute", "hour", "day", "week", "month", "quarter",
            "year");

    /** The argument called {@code name}, or {@code null}. */
    public Argument argument(String name) {
        return arguments.stream().filter(a -> a.name().equals(name)).findFirst().orElse(null);
    }

    /** The names of the required arguments. */
    public List<String> required() {
        return arguments.stream().filter(Argument::required).map(Argument::name).toList();
    }

    /**
     * Every problem of a declaration: a missing or unknown argument, a value of the wrong kind,
     * a column test declared on a model (or the reverse), a broken rule.
     *
     * @param column the column it is declared under, or {@code null}
     * @param kwargs its arguments
     */
    public List<Problem> check(String column, Map<String, Object> kwargs) {
        List<Problem> out = new ArrayList<>();
        if (scope == Scope.COLUMN && column == null) {
            out.add(new Problem("test-needs-column", "Test '" + name + "' checks a column but is declared on a model.",
                    "Move it under 'columns: - name: …  data_tests:'."));
        }
        if (scope == Scope.MODEL && column != null) {
            out.add(new Problem("test-needs-model", "Test '" + name + "' checks a whole model but is declared on column '"
                    + column + "'.", "Move it to the model's own 'data_tests:'."));
        }
        for (Argument a : arguments) {
            Object v = kwargs.get(a.name());
            if (v == null && a.required()) {
                out.add(new Problem("missing-test-argument", "Test '" + name + "' needs '" + a.name() + "'.",
                        "Write '- " + name + ": {" + a.name() + ": …}' (" + a.kind().description() + ")."));
            } else if (v != null && !a.kind().accepts(v)) {
                out.add(new Problem("bad-test-argument", "Argument '" + a.name() + "' of test '" + name
                        + "' is " + show(v) + ".", "Write " + a.kind().description() + "."));
            }
        }
        List<String> known = arguments.stream().map(Argument::name).toList();
        for (String k : kwargs.keySet()) {
            if (argument(k) == null) {
                out.add(new Problem("unknown-test-argument", "Test '" + name + "' has no argument '" + k + "'.",
                        Suggest.didYouMean(k, known, known.isEmpty() ? "It takes no arguments."
                                : "It takes: " + String.join(", ", known) + ".")));
            }
        }
        if (out.isEmpty()) {
            for (Rule r : rules) {
                Problem p = r.problem().apply(kwargs);
                if (p != null) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static String show(Object v) {
        String s = v instanceof String ? "'" + v + "'" : String.valueOf(v);
        return s.length() > 60 ? s.substring(0, 57) + "…" : s;
    }

    static boolean isNumber(Object v) {
        if (v instanceof Number) {
            return true;
        }
        if (v instanceof String s) {
            try {
                Double.parseDouble(s.strip());
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(v).strip());
    }
}
