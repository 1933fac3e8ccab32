package dev.kiln.internal.render;

import dev.kiln.Node;
import dev.kiln.Project;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which of the project's macros ({@code <#function>} and {@code <#macro>} in the macro files)
 * a node calls, directly or through other macros: a call is the macro's name followed by
 * {@code (} ({@code ${cents_to_dollars('amount')}}) or after {@code <@} ({@code <@audit_columns/>}),
 * also behind a package's namespace ({@code ${utils.money(x)}}). Read from the text, like dbt's
 * {@code depends_on.macros}, so a call in a branch not taken counts too. Ids are
 * {@code macro.<project>.<name>}, as in {@code manifest.json}. Immutable once built.
 */
public final class MacroCalls {

    private static final Pattern DEFINITION = Pattern.compile(
            "<#(function|macro)\\s+([A-Za-z_][A-Za-z0-9_]*)(.*?)</#\\1\\s*>", Pattern.DOTALL);
    private static final Pattern CALL = Pattern.compile(
            "(<@(?:[A-Za-z_][A-Za-z0-9_]*\\.)?)?(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_]*)(\\s*\\()?");

    private final String prefix;
    private final Map<String, String> sqlByName = new LinkedHashMap<>();
    private final Map<String, Set<String>> callsByName = new LinkedHashMap<>();

    /** Reads the macro definitions of {@code project}. */
    public MacroCalls(Project project) {
        this.prefix = "macro." + project.name() + ".";
        for (Project.MacroFile f : project.macros()) {
            Matcher m = DEFINITION.matcher(f.content());
            while (m.find()) {
                sqlByName.putIfAbsent(m.group(2), m.group());
            }
        }
        sqlByName.forEach((name, sql) -> {
            String body = sql.substring(sql.indexOf(name) + name.length());
            Set<String> calls = direct(body);
            calls.remove(name);
            callsByName.put(name, calls);
        });
    }

    /** Each macro's whole definition ({@code <#function …>…</#function>}), by id. */
    public Map<String, String> sqlById() {
        Map<String, String> out = new LinkedHashMap<>();
        sqlByName.forEach((name, sql) -> out.put(prefix + name, sql));
        return out;
    }

    /** The ids of the macros {@code node} calls, directly or not, sorted. */
    public List<String> calledBy(Node node) {
        return calledBy(node.rawCode());
    }

    /** The ids of the macros {@code text} calls, directly or not, sorted. */
    public List<String> calledBy(String text) {
        if (sqlByName.isEmpty() || text == null || text.isEmpty()) {
            return List.of();
        }
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(direct(text));
        while (!todo.isEmpty()) {
            String name = todo.poll();
            if (seen.add(name)) {
                todo.addAll(callsByName.getOrDefault(name, Set.of()));
            }
        }
        List<String> ids = new ArrayList<>(seen.size());
        seen.forEach(n -> ids.add(prefix + n));
        return ids;
    }

    /** The macro names {@code text} calls itself. */
    private Set<String> direct(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = CALL.matcher(text);
        while (m.find()) {
            String name = m.group(2);
            if ((m.group(1) != null || m.group(3) != null) && sqlByName.containsKey(name)) {
                out.add(name);
            }
        }
        return out;
    }
}
