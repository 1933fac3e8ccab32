package dev.kiln.cli;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.io.StringReader;
import java.util.Map;

/**
 * Parses {@code --vars} (a YAML or JSON mapping) with SnakeYAML. Anything else is a usage
 * error, which picocli reports with exit code 2.
 */
public final class VarsConverter implements ITypeConverter<Vars> {

    private static final String EXAMPLE = "Write a mapping, e.g. --vars '{as_of: 2026-11-01, limit: 10}'.";

    @Override
    public Vars convert(String text) {
        if (text == null || text.isBlank()) {
            return new Vars(Map.of());
        }
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
            String problem = e.getProblem() != null ? e.getProblem() : firstLine(e.getMessage());
            throw new TypeConversionException("'" + text + "' is not valid YAML: " + problem + where + ". " + EXAMPLE);
        } catch (YAMLException e) {
            throw new TypeConversionException("'" + text + "' is not valid YAML: " + firstLine(e.getMessage()) + ". " + EXAMPLE);
        }
        if (!(root instanceof MappingNode map)) {
            throw new TypeConversionException("'" + text + "' is not a YAML mapping. " + EXAMPLE);
        }
        return new Vars(YamlValues.mapping(map));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown problem";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
