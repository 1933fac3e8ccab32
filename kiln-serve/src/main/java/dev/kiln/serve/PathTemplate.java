package dev.kiln.serve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An endpoint's path, such as {@code /users/{user_id}/segment}: literal segments and
 * {@code {column}} parameters, each a whole segment.
 *
 * @param text     the path as written
 * @param segments the segments; a parameter is stored as its name in braces
 */
public record PathTemplate(String text, List<String> segments) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@-]+");

    /** Copies the segments. */
    public PathTemplate {
        segments = List.copyOf(segments);
    }

    /**
     * Parses a path template.
     *
     * @throws IllegalArgumentException with a sentence saying what is wrong
     */
    public static PathTemplate parse(String text) {
        if (text == null || !text.startsWith("/") || text.length() < 2) {
            throw new IllegalArgumentException("a path starts with '/' and names something, e.g. /users/{user_id}");
        }
        String body = text.endsWith("/") ? text.substring(1, text.length() - 1) : text.substring(1);
        List<String> segments = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String s : body.split("/", -1)) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' has an empty segment ('//')");
            }
            if (s.startsWith("{") && s.endsWith("}")) {
                String name = s.substring(1, s.length() - 1);
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("'{" + name + "}' is not a column name (letters, digits, '_')");
                }
                if (names.contains(name)) {
                    throw new IllegalArgumentException("'{" + name + "}' appears twice");
                }
                names.add(name);
            } else if (s.contains("{") || s.contains("}") || !LITERAL.matcher(s).matches()) {
                throw new IllegalArgumentException("segment '" + s + "' must be plain text or a whole {column}");
            }
            segments.add(s);
        }
        return new PathTemplate(text, segments);
    }

    /** The parameter names, in path order. */
    public List<String> parameters() {
        List<String> out = new ArrayList<>();
        for (String s : segments) {
            if (isParameter(s)) {
                out.add(s.substring(1, s.length() - 1));
            }
        }
        return out;
    }

    /** The values of the parameters if {@code segmentsOfRequest} matches, else {@code null}. */
    public Map<String, String> match(List<String> segmentsOfRequest) {
        if (segmentsOfRequest.size() != segments.size()) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String t = segments.get(i);
            String v = segmentsOfRequest.get(i);
            if (isParameter(t)) {
                if (v.isEmpty()) {
                    return null;
                }
                values.put(t.substring(1, t.length() - 1), v);
            } else if (!t.equals(v)) {
                return null;
            }
        }
        return values;
    }

    /** The same shape as {@code other}: parameters in the same places, the same literals. */
    public boolean overlaps(PathTemplate other) {
        if (other.segments.size() != segments.size()) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            String a = segments.get(i);
            String b = other.segments.get(i);
            if (!isParameter(a) && !isParameter(b) && !a.equals(b)) {
                return false;
            }
        }
        return true;
    }

    /** The path in OpenAPI form (the same braces). */
    @Override
    public String toString() {
        return "/" + String.join("/", segments);
    }

    static boolean isParameter(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }
}
