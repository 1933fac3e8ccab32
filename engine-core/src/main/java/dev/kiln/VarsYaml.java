package dev.kiln;

import dev.kiln.internal.yaml.YNode;
import dev.kiln.internal.yaml.YamlParser;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Var overrides written as YAML ({@code {as_of: 2026-11-01, limit: 10}}), read the way
 * {@code kiln.yml}'s {@code vars:} are: strings, whole numbers, decimals, booleans, null, lists
 * and mappings, with dates kept as text. Shared by the command line ({@code --vars}), the Maven plugin and the JUnit extension.
 */
public final class VarsYaml {

    private VarsYaml() {
    }

    /**
     * Parses a YAML mapping; empty for null or blank text.
     *
     * @param text    the YAML
     * @param what    how the user wrote it, for messages ({@code kiln.vars})
     * @param example a sentence showing the right form
     * @throws KilnException ({@link ErrorCode#USAGE}) when the text is not a YAML mapping
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> mapping(String text, String what, String example) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        List<Diagnostic> problems = new ArrayList<>();
        YNode node = new YamlParser(Path.of(what), problems).parse(text);
        if (!problems.isEmpty()) {
            Diagnostic problem = problems.get(0);
            SourcePosition at = problem.position();
            String where = at == null || at.line() <= 0 ? "" : " (line " + at.line() + ", column " + at.column() + ")";
            throw new KilnException(ErrorCode.USAGE, what + " '" + text + "' is not valid YAML: "
                    + problem.message().replaceFirst("^Invalid YAML: ", "") + where + ". " + example);
        }
        if (!(node instanceof YNode.YMap map)) {
            throw new KilnException(ErrorCode.USAGE, what + " '" + text + "' is not a YAML mapping. " + example);
        }
        return (Map<String, Object>) map.plain();
    }

    /** One value: {@code 10} is a number, {@code [a, b]} a list; text that is not YAML stays text. */
    public static Object scalar(String text) {
        if (text == null) {
            return null;
        }
        YNode node = new YamlParser(Path.of("value"), new ArrayList<>()).parse(text);
        return node == null ? text : node.plain();
    }
}
