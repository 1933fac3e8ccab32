package dev.kiln.internal.render;

import dev.kiln.Node;
import dev.kiln.NodeConfig;
import dev.kiln.Relation;
import dev.kiln.SourceTable;
import dev.kiln.internal.load.ConfigKeys;
import dev.kiln.internal.util.Suggest;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.ObjectWrapper;
import freemarker.template.SimpleScalar;
import freemarker.template.TemplateBooleanModel;
import freemarker.template.TemplateDirectiveModel;
import freemarker.template.TemplateHashModel;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateScalarModel;
import freemarker.template.utility.DeepUnwrap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The data model of one render: the template functions of DESIGN.md bound to one node,
 * recording what the node refers to and the config its file sets.
 */
final class RenderScope implements TemplateHashModel {

    static final ObjectWrapper WRAPPER = new DefaultObjectWrapperBuilder(freemarker.template.Configuration.VERSION_2_3_34).build();
    private static final Pattern REF = Pattern.compile("\\s*ref\\(\\s*['\"]([^'\"]+)['\"]\\s*\\)\\s*");
    private static final Pattern SOURCE = Pattern.compile(
            "\\s*source\\(\\s*['\"]([^'\"]+)['\"]\\s*,\\s*['\"]([^'\"]+)['\"]\\s*\\)\\s*");

    private final RenderContext ctx;
    private final Node node;
    private final RelationNamer namer;
    private final Map<String, Object> configOverrides = new LinkedHashMap<>();
    private final Set<String> dependsOn = new LinkedHashSet<>();
    private final Set<String> sources = new LinkedHashSet<>();
    private final Map<String, TemplateModel> extra = new LinkedHashMap<>();
    private final Map<String, String> varsRead = new LinkedHashMap<>();
    private final Map<String, String> envRead = new LinkedHashMap<>();
    private DbtUtils dbtUtils;

    RenderScope(RenderContext ctx, Node node, RelationNamer namer) {
        this.ctx = ctx;
        this.node = node;
        this.namer = namer;
    }

    /** The node's config with its file's {@code <@config>} merged in. */
    NodeConfig config() {
        return configOverrides.isEmpty() ? node.config()
                : new NodeConfig(ConfigKeys.merge(node.config().values(), configOverrides));
    }

    List<String> dependsOn() {
        return new ArrayList<>(dependsOn);
    }

    List<String> sources() {
        return new ArrayList<>(sources);
    }

    /** The vars and env vars read so far, each with a digest of the value it got. */
    dev.kiln.TemplateReads reads() {
        return varsRead.isEmpty() && envRead.isEmpty() ? dev.kiln.TemplateReads.NONE
                : new dev.kiln.TemplateReads(varsRead, envRead);
    }

    private static String digest(Object value) {
        return dev.kiln.internal.util.Checksums.sha256(String.valueOf(value).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Adds a variable (used for generic test arguments). */
    void put(String name, Object value) throws TemplateModelException {
        extra.put(name, WRAPPER.wrap(value));
    }

    /**
     * A generic test argument written as {@code ref('x')} or {@code source('s', 't')} becomes
     * that relation (and a dependency); any other value stays as written.
     */
    Object relationOrValue(Object value) throws TemplateModelException {
        if (value instanceof String s) {
            Matcher r = REF.matcher(s);
            if (r.matches()) {
                return ref(r.group(1));
            }
            Matcher src = SOURCE.matcher(s);
            if (src.matches()) {
                return source(src.group(1), src.group(2));
            }
        }
        return value;
    }

    /** The relation of the node or source a data test is attached to, recorded as a dependency. */
    String attach(String uniqueId) {
        SourceTable source = ctx.project().sources().get(uniqueId);
        if (source != null) {
            sources.add(uniqueId);
            return ctx.dialect().renderSource(source, ctx.project().config().root());
        }
        dependsOn.add(uniqueId);
        return Placeholders.of(uniqueId);
    }

    @Override
    public TemplateModel get(String key) throws TemplateModelException {
        switch (key) {
            case "ref":
                return (TemplateMethodModelEx) args -> {
                    Args.count("ref", args, 1, 2, "${ref('model_name')}");
                    return new SimpleScalar(ref(Args.text(args, args.size() - 1)));
                };
            case "source":
                return (TemplateMethodModelEx) args -> {
                    Args.count("source", args, 2, 2, "${source('source_name', 'table_name')}");
                    return new SimpleScalar(source(Args.text(args, 0), Args.text(args, 1)));
                };
            case "config":
                return (TemplateDirectiveModel) (env, params, loopVars, body) -> config(params);
            case "var":
                return (TemplateMethodModelEx) args -> {
                    Args.count("var", args, 1, 2, "${var('name')} or ${var('name', default)}");
                    return WRAPPER.wrap(var(Args.text(args, 0), args.size() > 1 ? Args.value(args, 1) : null, args.size() > 1));
                };
            case "env_var":
                return (TemplateMethodModelEx) args -> {
                    Args.count("env_var", args, 1, 2, "${env_var('NAME')} or ${env_var('NAME', 'default')}");
                    return new SimpleScalar(envVar(Args.text(args, 0), args.size() > 1 ? Args.text(args, 1) : null));
                };
            case "this":
                return new ThisModel();
            case "is_incremental":
                return (TemplateMethodModelEx) args -> isIncremental() ? TemplateBooleanModel.TRUE : TemplateBooleanModel.FALSE;
            case "target":
                return WRAPPER.wrap(targetMap());
            case "dbt_utils":
                return dbtUtils();
            default:
                TemplateModel bound = extra.get(key);
                return bound == null && DbtUtils.NAMES.contains(key) ? dbtUtils().function(key) : bound;
        }
    }

    @Override
    public boolean isEmpty() {
        return false;
    }

    private DbtUtils dbtUtils() {
        if (dbtUtils == null) {
            dbtUtils = new DbtUtils(ctx);
        }
        return dbtUtils;
    }

    String ref(String name) throws TemplateProblem {
        Node target = ctx.project().refable(name).orElse(null);
        if (target == null) {
            List<String> names = ctx.project().allNodes().stream().filter(n -> n.resourceType().isRefable())
                    .map(Node::name).toList();
            throw new TemplateProblem("unknown-ref", "ref('" + name + "') names no model, seed or snapshot.",
                    Suggest.didYouMean(name, names, "Check the name, or create models/…/" + name + ".sql."));
        }
        if (target.uniqueId().equals(node.uniqueId())) {
            throw new TemplateProblem("self-ref", "A model cannot ref() itself.", "Use ${this} for the model's own relation.");
        }
        dependsOn.add(target.uniqueId());
        return Placeholders.of(target.uniqueId());
    }

    String source(String sourceName, String table) throws TemplateProblem {
        SourceTable t = ctx.project().source(sourceName, table).orElse(null);
        if (t == null) {
            List<String> known = ctx.project().sources().values().stream()
                    .map(s -> s.sourceName() + "." + s.name()).toList();
            throw new TemplateProblem("unknown-source", "source('" + sourceName + "', '" + table
                    + "') is not declared.", Suggest.didYouMean(sourceName + "." + table, known,
                    "Declare it under 'sources:' in a YAML file."));
        }
        sources.add(t.uniqueId());
        String relation = ctx.dialect().renderSource(t, ctx.project().config().root());
        return ctx.empty() && EmptyReads.applies(node) ? ctx.dialect().emptyRelation(relation) : relation;
    }

    private void config(Map<?, ?> params) throws TemplateModelException {
        for (Map.Entry<?, ?> e : params.entrySet()) {
            setConfig(String.valueOf(e.getKey()), DeepUnwrap.unwrap((TemplateModel) e.getValue()));
        }
    }

    /** Records one {@code <@config key=value>} setting. */
    void setConfig(String name, Object value) throws TemplateProblem {
        String key = ConfigKeys.canonical(name);
        java.util.Set<String> allowed = node.resourceType() == dev.kiln.ResourceType.TEST ? ConfigKeys.TEST : ConfigKeys.NODE;
        if (!allowed.contains(key)) {
            throw new TemplateProblem("unknown-config", "Unknown config '" + key + "' in <@config>.",
                    Suggest.didYouMean(key, allowed, "See docs/reference.md for the config keys."));
        }
        configOverrides.put(key, ConfigKeys.HOOKS.contains(key) && configOverrides.containsKey(key)
                ? ConfigKeys.merge(Map.of(key, configOverrides.get(key)), Map.of(key, value)).get(key) : value);
    }

    /** {@code ${this}}: the marker of the node's own relation. */
    String thisMarker() {
        return Placeholders.of(node.uniqueId());
    }

    Object var(String name, Object fallback, boolean hasFallback) throws TemplateProblem {
        if (ctx.vars().containsKey(name)) {
            Object v = ctx.vars().get(name);
            varsRead.put(name, digest(v));
            return v;
        }
        if (hasFallback) {
            varsRead.put(name, digest(fallback));
            return fallback;
        }
        throw new TemplateProblem("unknown-var", "var('" + name + "') is not set and has no default.",
                Suggest.didYouMean(name, ctx.vars().keySet(), "Set it under 'vars:' in kiln.yml, pass --vars, or write var('"
                        + name + "', default)."));
    }

    private String envVar(String name, String fallback) throws TemplateProblem {
        String v = ctx.env().apply(name);
        if (v != null) {
            envRead.put(name, digest(v));
            return v;
        }
        if (fallback != null) {
            envRead.put(name, digest(fallback));
            return fallback;
        }
        throw new TemplateProblem("env-var-unset", "Environment variable '" + name + "' is not set and has no default.",
                "Set it, or write env_var('" + name + "', 'default').");
    }

    private boolean isIncremental() {
        NodeConfig c = config();
        if (!"incremental".equals(c.materialized())) {
            return false;
        }
        // full_refresh: true always rebuilds, false never does; unset follows --full-refresh
        boolean fullRefresh = c.get("full_refresh").map(v -> Boolean.parseBoolean(String.valueOf(v)))
                .orElse(ctx.fullRefresh());
        return !fullRefresh && ctx.existing().test(namer.relation(node, c));
    }

    private Map<String, Object> targetMap() {
        Map<String, Object> m = new LinkedHashMap<>(ctx.target().settings());
        m.put("name", ctx.target().name());
        m.put("type", ctx.target().type());
        m.putIfAbsent("schema", ctx.target().schema().orElse(ctx.dialect().defaultSchema()));
        m.putIfAbsent("threads", ctx.target().threads());
        return m;
    }

    /** {@code ${this}} prints the model's relation; {@code this.schema}, {@code this.identifier} give its parts. */
    private final class ThisModel implements TemplateScalarModel, TemplateHashModel {
        @Override
        public String getAsString() {
            return thisMarker();
        }

        @Override
        public TemplateModel get(String key) {
            Relation r = namer.relation(node, config());
            return switch (key) {
                case "schema" -> new SimpleScalar(r.schema());
                case "identifier", "name" -> new SimpleScalar(r.identifier());
                case "database" -> r.database() == null ? null : new SimpleScalar(r.database());
                default -> null;
            };
        }

        @Override
        public boolean isEmpty() {
            return false;
        }
    }

}
