package dev.kiln.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Minimal terminal colour: on only when stdout is a terminal and {@code NO_COLOR} is unset
 * (see no-color.org).
 *
 * @param enabled whether ANSI colour codes are written
 */
public record Style(boolean enabled) {

    /** No colour at all. */
    public static final Style PLAIN = new Style(false);

    private static final Pattern LABEL = Pattern.compile("(?m)^((?:\\S+: )?)(error|warning)(:)");

    /**
     * Colour when the process runs in a terminal and {@code NO_COLOR} is unset or empty.
     *
     * @return the style to use
     */
    public static Style detect() {
        String noColor = System.getenv("NO_COLOR");
        return new Style(System.console() != null && (noColor == null || noColor.isEmpty()));
    }

    /** Success. */
    String green(String text) {
        return paint("32", text);
    }

    /** Errors. */
    String red(String text) {
        return paint("31", text);
    }

    /** Warnings. */
    String yellow(String text) {
        return paint("33", text);
    }

    /** Less important detail. */
    String dim(String text) {
        return paint("2", text);
    }

    /** Colours the {@code error:} and {@code warning:} labels of formatted diagnostics. */
    String diagnostics(String text) {
        if (!enabled) {
            return text;
        }
        Matcher m = LABEL.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String label = m.group(2).equals("error") ? red(m.group(2)) : yellow(m.group(2));
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + label + m.group(3)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private String paint(String code, String text) {
        return enabled ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }
}
