package dev.kiln.internal.execute;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code warn_if} / {@code error_if} condition such as {@code != 0} or {@code > 10},
 * evaluated in Java on a failure count (for checks run in a batch).
 *
 * @param operator one of {@code = == != <> < <= > >=}
 * @param operand  the number compared with
 */
record FailureCondition(String operator, double operand) {

    private static final Pattern SIMPLE = Pattern.compile("\\s*(==|=|!=|<>|<=|>=|<|>)\\s*(-?[0-9]+(?:\\.[0-9]+)?)\\s*");

    /** The condition, or {@code null} when it is not a simple comparison with a number. */
    static FailureCondition parse(String text) {
        Matcher m = SIMPLE.matcher(text);
        return m.matches() ? new FailureCondition(m.group(1), Double.parseDouble(m.group(2))) : null;
    }

    /** Whether {@code failures} meets the condition. */
    boolean test(long failures) {
        return switch (operator) {
            case "=", "==" -> failures == operand;
            case "!=", "<>" -> failures != operand;
            case "<" -> failures < operand;
            case "<=" -> failures <= operand;
            case ">" -> failures > operand;
            default -> failures >= operand;
        };
    }
}
