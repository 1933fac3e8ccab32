package dev.kiln.internal.select;

import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.internal.select.SelectorSpec.Criterion;
import dev.kiln.internal.select.SelectorSpec.GraphOperators;
import dev.kiln.internal.util.Suggest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses dbt selection specs ({@code 2+tag:daily,config.materialized:table+}) into
 * {@link SelectorSpec}s. Grammar of one criterion, as in dbt:
 * {@code [@][N+][method[.key]:]value[+N]}; commas join criteria into an intersection.
 * A spec that cannot mean anything raises {@link ErrorCode#USAGE} naming the spec and what is
 * accepted. Stateless and thread-safe.
 */
public final class SelectorParser {

    private static final Pattern PARENTS = Pattern.compile("^(\\d*)\\+");
    private static final Pattern CHILDREN = Pattern.compile("\\+(\\d*)$");
    private static final Pattern METHOD = Pattern.compile("^([A-Za-z0-9_.]+):(.*)$", Pattern.DOTALL);
    private static final String OPERATORS = "Graph operators go at either end of a spec, with an optional depth: "
            + "+model, model+, 2+model, model+3, +model+, @model.";

    /** Parses one spec (no white space; commas allowed). */
    public SelectorSpec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw usage("An empty selection spec. Write a node name or method:value, e.g. stg_users or tag:daily.");
        }
        if (spec.chars().anyMatch(Character::isWhitespace)) {
            throw usage("Spec '" + spec + "' contains white space. Separate specs are a union: pass them as "
                    + "separate arguments; join criteria of an intersection with commas and no spaces.");
        }
        String[] parts = spec.split(",", -1);
        List<Criterion> criteria = new ArrayList<>(parts.length);
        for (String part : parts) {
            if (part.isEmpty()) {
                throw usage("Spec '" + spec + "' has an empty part around a comma. An intersection joins "
                        + "criteria with single commas: tag:daily,config.materialized:table.");
            }
            criteria.add(criterion(part, spec));
        }
        return criteria.size() == 1 ? criteria.get(0) : new SelectorSpec.Intersection(spec, criteria);
    }

    /** Parses every spec, in order. */
    public List<SelectorSpec> parseAll(List<String> specs) {
        return specs.stream().map(this::parse).toList();
    }

    private Criterion criterion(String raw, String spec) {
        String rest = raw;
        boolean childrensParents = rest.startsWith("@");
        if (childrensParents) {
            rest = rest.substring(1);
        }
        int parents = GraphOperators.NONE;
        Matcher p = PARENTS.matcher(rest);
        if (p.lookingAt()) {
            if (childrensParents) {
                throw usage("Spec '" + spec + "' combines '@' with a '+' prefix. '@model' already adds every "
                        + "ancestor of the model's descendants; write '@model' or '+model'.");
            }
            parents = depth(p.group(1), spec);
            rest = rest.substring(p.end());
        }
        int children = GraphOperators.NONE;
        Matcher c = CHILDREN.matcher(rest);
        if (c.find()) {
            children = depth(c.group(1), spec);
            rest = rest.substring(0, c.start());
        }
        GraphOperators graph = new GraphOperators(parents, children, childrensParents);

        SelectorMethod method;
        List<String> key = List.of();
        String value;
        Matcher m = METHOD.matcher(rest);
        if (m.matches()) {
            String[] dotted = m.group(1).split("\\.", -1);
            method = method(dotted[0], spec);
            key = Arrays.asList(dotted).subList(1, dotted.length);
            checkKey(method, key, m.group(1), spec);
            value = m.group(2);
            if (value.isEmpty()) {
                throw usage("Spec '" + spec + "' has nothing after '" + m.group(1) + ":'. Write "
                        + example(method) + ".");
            }
        } else {
            if (rest.isEmpty()) {
                throw usage("Spec '" + spec + "' names nothing between its graph operators. Write a node name "
                        + "or method:value, e.g. +stg_users or tag:daily+.");
            }
            method = defaultMethod(rest);
            value = rest;
        }
        checkValue(method, value, spec);
        return new Criterion(raw, method, key, value, graph);
    }

    /** The method dbt uses when none is written: path for paths, file for file names, else fqn. */
    static SelectorMethod defaultMethod(String value) {
        if (value.contains("/") || value.contains("\\")) {
            return SelectorMethod.PATH;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".sql") || lower.endsWith(".py") || lower.endsWith(".csv")) {
            return SelectorMethod.FILE;
        }
        return SelectorMethod.FQN;
    }

    private static int depth(String digits, String spec) {
        if (digits.isEmpty()) {
            return GraphOperators.ALL;
        }
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw usage("Spec '" + spec + "' has depth " + digits + ", which is too large. A depth counts "
                    + "generations of the graph: 2+model, model+3; a bare '+' means all of them.");
        }
    }

    private static SelectorMethod method(String name, String spec) {
        SelectorMethod method = SelectorMethod.byName(name);
        if (method != null) {
            return method;
        }
        String accepted = " Methods: " + String.join(", ", SelectorMethod.names()) + ".";
        if (SelectorMethod.UNSUPPORTED_DBT_METHODS.contains(name.toLowerCase(Locale.ROOT))) {
            throw usage("Spec '" + spec + "' uses dbt's '" + name + "' method, which Kiln does not support."
                    + accepted);
        }
        String hint = Suggest.didYouMean(name, SelectorMethod.names(), "");
        throw usage("Unknown selection method '" + name + "' in spec '" + spec + "'."
                + (hint.isEmpty() ? "" : " " + hint) + accepted);
    }

    private static void checkKey(SelectorMethod method, List<String> key, String written, String spec) {
        if (key.stream().anyMatch(String::isEmpty)) {
            throw usage("Spec '" + spec + "' has an empty key in '" + written + "'. Write " + example(method) + ".");
        }
        if (method.takesKey() && key.isEmpty()) {
            throw usage("Spec '" + spec + "' needs a config key after '" + method.dbtName() + "': write "
                    + example(method) + " (nested keys: config.meta.owner:alice).");
        }
        if (!method.takesKey() && !key.isEmpty()) {
            throw usage("Spec '" + spec + "': method '" + method.dbtName() + "' takes no key after a dot. Write "
                    + example(method) + ".");
        }
    }

    private static void checkValue(SelectorMethod method, String value, String spec) {
        List<String> accepted = method.acceptedValues();
        if (!accepted.isEmpty() && !accepted.contains(value)) {
            String hint = Suggest.didYouMean(value, accepted, "");
            throw usage("Unknown " + method.dbtName() + " '" + value + "' in spec '" + spec + "'."
                    + (hint.isEmpty() ? "" : " " + hint) + " Accepted: " + String.join(", ", accepted) + ".");
        }
        if (method == SelectorMethod.SOURCE) {
            String[] parts = value.split("\\.", -1);
            if (parts.length > 3 || Arrays.stream(parts).anyMatch(String::isEmpty)) {
                throw usage("Spec '" + spec + "' names source '" + value + "'. Write source:SOURCE, "
                        + "source:SOURCE.TABLE or source:PROJECT.SOURCE.TABLE (e.g. source:raw.users).");
            }
        }
        // config values and file names may hold any character; names, tags and the like may not
        boolean freeText = method == SelectorMethod.CONFIG || method == SelectorMethod.PATH
                || method == SelectorMethod.FILE;
        if (!freeText && value.contains("+")) {
            throw usage("Spec '" + spec + "' has '+' inside '" + value + "'. " + OPERATORS);
        }
        if (!freeText && value.contains("@")) {
            throw usage("Spec '" + spec + "' has '@' inside '" + value + "'. " + OPERATORS);
        }
    }

    private static String example(SelectorMethod method) {
        return switch (method) {
            case FQN -> "fqn:staging.stg_users";
            case TAG -> "tag:daily";
            case PATH -> "path:models/staging";
            case FILE -> "file:stg_users.sql";
            case CONFIG -> "config.materialized:table";
            case SOURCE -> "source:raw.users";
            case RESOURCE_TYPE -> "resource_type:model";
            case TEST_TYPE -> "test_type:generic";
            case TEST_NAME -> "test_name:not_null";
            case UNIT_TEST -> "unit_test:my_unit_test";
            case EXPOSURE -> "exposure:monthly_kpis";
            case PACKAGE -> "package:my_project";
            case STATE -> "state:modified";
        };
    }

    private static KilnException usage(String message) {
        return new KilnException(ErrorCode.USAGE, message);
    }
}
