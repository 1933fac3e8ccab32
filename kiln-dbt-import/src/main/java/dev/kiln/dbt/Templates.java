package dev.kiln.dbt;

import dev.kiln.internal.jinja.JinjaExpressions;
import dev.kiln.internal.jinja.JinjaTranslator;
import dev.kiln.internal.jinja.JinjaTranslator.Definition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Translates the project's Jinja files with what the whole project knows: the parameters of
 * every macro (for keyword arguments) and dbt_utils' built-ins. Writes macros as FreeMarker
 * functions, and for each dispatched macro ({@code default__x}, {@code duckdb__x}) a function
 * {@code x__dispatch} that branches on {@code target.type}.
 */
final class Templates {

    private final Map<String, List<String>> signatures = new LinkedHashMap<>();
    private final List<ImportProblem> problems;

    Templates(List<ImportProblem> problems) {
        this.problems = problems;
    }

    /** Learns the macros a file defines (before any file is translated). */
    void learn(String text) {
        for (Definition d : JinjaTranslator.translate(text, n -> null).definitions()) {
            if (d.kind().equals("macro")) {
                signatures.put(d.name(), d.parameters());
            }
        }
    }

    /** Translates one file, recording what it leaves as problems of {@code file}. */
    JinjaTranslator.Result translate(String file, String text) {
        JinjaTranslator.Result r = JinjaTranslator.translate(text, this::parameters);
        for (JinjaTranslator.Problem p : r.problems()) {
            problems.add(new ImportProblem(file, p.line(), p.column(), oneLine(p.tag()), p.why()));
        }
        return r;
    }

    private List<String> parameters(String callee) {
        if (callee.startsWith("dbt_utils.")) {
            return DbtUtilsCatalog.MACROS.get(callee.substring("dbt_utils.".length()));
        }
        if (callee.endsWith(JinjaExpressions.DISPATCH_SUFFIX)) {
            String base = callee.substring(0, callee.length() - JinjaExpressions.DISPATCH_SUFFIX.length());
            return signatures.getOrDefault("default__" + base, signatures.get(base));
        }
        return signatures.get(callee);
    }

    /** A macro file's FreeMarker: each macro as a function, then the dispatchers for its default__ macros. */
    static String macroFile(List<Definition> definitions, Map<String, List<Definition>> byBase) {
        StringBuilder sb = new StringBuilder("<#-- Converted from Jinja by kiln import-dbt -->\n");
        for (Definition d : definitions) {
            if (d.kind().equals("macro")) {
                sb.append(JinjaTranslator.function(d));
            }
        }
        for (Definition d : definitions) {
            if (d.kind().equals("macro") && d.name().startsWith("default__")) {
                String base = d.name().substring("default__".length());
                sb.append(dispatcher(base, d, byBase.getOrDefault(base, List.of())));
            }
        }
        return sb.toString();
    }

    /** Groups every {@code <adapter>__<name>} macro of the project by {@code name}. */
    static Map<String, List<Definition>> adapterVariants(List<Definition> all) {
        Map<String, List<Definition>> out = new TreeMap<>();
        for (Definition d : all) {
            int cut = d.name().indexOf("__");
            if (d.kind().equals("macro") && cut > 0 && !d.name().startsWith("default__")) {
                out.computeIfAbsent(d.name().substring(cut + 2), k -> new ArrayList<>()).add(d);
            }
        }
        return out;
    }

    private static String dispatcher(String base, Definition fallback, List<Definition> variants) {
        StringBuilder params = new StringBuilder();
        List<String> names = fallback.parameters();
        for (String p : names) {
            params.append(' ').append(p);
            if (fallback.defaults().containsKey(p)) {
                params.append('=').append(fallback.defaults().get(p));
            }
        }
        String args = String.join(", ", names);
        StringBuilder sb = new StringBuilder("<#function ").append(base).append(JinjaExpressions.DISPATCH_SUFFIX)
                .append(params).append(">");
        boolean first = true;
        for (Definition v : variants) {
            String adapter = v.name().substring(0, v.name().indexOf("__"));
            sb.append(first ? "<#if" : "<#elseif").append(" target.type == \"").append(adapter).append("\"><#return ")
                    .append(v.name()).append('(').append(args).append(")>");
            first = false;
        }
        if (!first) {
            sb.append("</#if>");
        }
        return sb.append("<#return ").append(fallback.name()).append('(').append(args).append(")></#function>\n")
                .toString();
    }

    static String oneLine(String s) {
        String t = s.replaceAll("\\s*\\n\\s*", " ");
        return t.length() > 100 ? t.substring(0, 97) + "…" : t;
    }
}
