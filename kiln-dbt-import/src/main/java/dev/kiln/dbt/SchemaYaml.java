package dev.kiln.dbt;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dbt schema YAML file carried over as text (comments and layout kept): {@code doc()}
 * references replaced by the text of their docs block, {@code dbt_utils.} test names by
 * Kiln's built-in of the same name, other Jinja rewritten as FreeMarker.
 */
final class SchemaYaml {

    private static final Pattern DOC = Pattern.compile(
            "(['\"])\\s*\\{\\{\\s*doc\\(\\s*['\"]([\\w.-]+)['\"]\\s*\\)\\s*}}\\s*\\1");
    private static final Pattern PACKAGE_TEST = Pattern.compile("(?m)^(\\s*-?\\s*)(dbt_utils|dbt_expectations|dbt_date|"
            + "audit_helper|codegen|elementary|[a-z_]+_utils)\\.([a-z_]+)");
    private static final Pattern QUOTED_JINJA = Pattern.compile("(['\"])([^'\"\\n]*\\{\\{[^\\n]*?}}[^'\"\\n]*)\\1");

    private final Map<String, String> docs;
    private final List<ImportProblem> problems;

    SchemaYaml(Map<String, String> docs, List<ImportProblem> problems) {
        this.docs = docs;
        this.problems = problems;
    }

    String convert(String file, String text) {
        Matcher m = DOC.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String body = docs.get(m.group(2));
            String replacement = m.group();
            if (body == null) {
                problems.add(new ImportProblem(file, ProjectYaml.lineOf(text, m.group()), 0, m.group(),
                        "no {% docs " + m.group(2) + " %} block was found in the project; write the description here"));
            } else {
                replacement = json(body);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        String out = packageTests(file, sb.toString());
        return jinja(file, out);
    }

    private String packageTests(String file, String text) {
        Matcher m = PACKAGE_TEST.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String replacement = m.group();
            if (m.group(2).equals("dbt_utils") && DbtUtilsCatalog.TESTS.contains(m.group(3))) {
                replacement = m.group(1) + m.group(3);
            } else {
                problems.add(new ImportProblem(file, ProjectYaml.lineOf(text, m.group().strip()), 0,
                        m.group(2) + "." + m.group(3), "Kiln has no built-in test " + m.group(2) + "." + m.group(3)
                        + "; write it as a generic test in tests/generic/" + m.group(3) + ".sql or use one of "
                        + "docs/quality-checks.md"));
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private String jinja(String file, String text) {
        if (!text.contains("{{")) {
            return text;
        }
        Matcher m = QUOTED_JINJA.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String inner = ProjectYaml.jinjaString(m.group(2), file, problems, file, text);
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + inner + m.group(1)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** A YAML double-quoted scalar (JSON string syntax is valid YAML). */
    static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> { }
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
