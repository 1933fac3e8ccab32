package dev.kiln.internal.render;

import dev.kiln.Diagnostic;
import dev.kiln.Project;
import dev.kiln.SourcePosition;
import dev.kiln.spi.Dialect;
import freemarker.cache.StringTemplateLoader;
import freemarker.core.ParseException;
import freemarker.core.PlainTextOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateExceptionHandler;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one FreeMarker configuration of a project: SQL-safe settings (numbers as {@code 1000},
 * no HTML escaping, errors rethrown), the project's macro files auto-included, and the
 * dialect's helpers as shared functions. Thread-safe once built.
 */
public final class TemplateEngine {

    private final Configuration cfg;
    private final List<Diagnostic> macroProblems = new ArrayList<>();
    private final java.util.concurrent.ConcurrentHashMap<String, Template> shared = new java.util.concurrent.ConcurrentHashMap<>();

    /** Builds the configuration for {@code project} on {@code dialect}. */
    public TemplateEngine(Project project, Dialect dialect) {
        cfg = new Configuration(Configuration.VERSION_2_3_34);
        cfg.setLocale(Locale.ROOT);
        cfg.setNumberFormat("computer");
        cfg.setBooleanFormat("c");
        cfg.setOutputFormat(PlainTextOutputFormat.INSTANCE);
        cfg.setAutoEscapingPolicy(Configuration.DISABLE_AUTO_ESCAPING_POLICY);
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setAPIBuiltinEnabled(false);
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setInterpolationSyntax(Configuration.DOLLAR_INTERPOLATION_SYNTAX);
        cfg.setTabSize(1);
        cfg.setLocalizedLookup(false);
        cfg.setTemplateUpdateDelayMilliseconds(Long.MAX_VALUE);
        StringTemplateLoader macros = new StringTemplateLoader();
        List<String> names = new ArrayList<>();
        java.util.Map<String, String> texts = new java.util.HashMap<>();
        java.util.Map<String, String> namespaceOf = new java.util.HashMap<>();
        for (Project.MacroFile m : project.macros()) {
            String name = templateName(m.path());
            macros.putTemplate(name, m.content());
            names.add(name);
            texts.put(name, m.content());
            if (m.namespace() != null) {
                namespaceOf.put(name, m.namespace());
            }
        }
        cfg.setTemplateLoader(macros);
        DialectHelpers.install(cfg, dialect);
        List<String> valid = new ArrayList<>();
        for (String name : names) {
            if (!Renderer.jinjaFree(texts.get(name), Path.of(name), macroProblems)) {
                continue;
            }
            try {
                cfg.getTemplate(name);
                valid.add(name);
            } catch (ParseException e) {
                macroProblems.add(Diagnostic.error("template-syntax",
                        new SourcePosition(Path.of(name), Math.max(1, e.getLineNumber()), Math.max(1, e.getColumnNumber())),
                        "Macro file does not parse: " + e.getEditorMessage(), null));
            } catch (IOException e) {
                macroProblems.add(Diagnostic.error("template-syntax", SourcePosition.of(Path.of(name)),
                        "Cannot read macro file: " + e.getMessage(), null));
            }
        }
        // a package's macro files make one namespace, imported under the package's name: ${pkg.fn()}
        java.util.Map<String, StringBuilder> namespaces = new java.util.TreeMap<>();
        List<String> own = new ArrayList<>();
        for (String name : valid) {
            String ns = namespaceOf.get(name);
            if (ns == null) {
                own.add(name);
            } else {
                namespaces.computeIfAbsent(ns, k -> new StringBuilder()).append("<#include \"/").append(name).append("\">");
            }
        }
        namespaces.forEach((ns, includes) -> {
            String name = "__kiln_packages__/" + ns + ".ftl";
            macros.putTemplate(name, includes.toString());
            cfg.addAutoImport(ns, "/" + name);
        });
        cfg.setAutoIncludes(own);
    }

    /** A macro file's template name: its path, with a leading "../" (a package beside the project) kept addressable. */
    private static String templateName(String path) {
        String p = path;
        StringBuilder prefix = new StringBuilder();
        while (p.startsWith("../")) {
            prefix.append("_parent_/");
            p = p.substring(3);
        }
        return prefix + p;
    }

    /** Problems found in macro files (each reported once, not per model). */
    public List<Diagnostic> macroProblems() {
        return macroProblems;
    }

    /** Parses a template; the name is the file it came from, used in error positions. */
    Template parse(String name, String text) throws IOException {
        return new Template(name, text, cfg);
    }

    /**
     * A template shared by many nodes (a generic test), parsed once per name. A parse error is
     * rethrown to every caller.
     */
    Template shared(String name, String text) throws IOException {
        try {
            return shared.computeIfAbsent(name, n -> {
                try {
                    return parse(n, text);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The underlying configuration. */
    Configuration configuration() {
        return cfg;
    }
}
