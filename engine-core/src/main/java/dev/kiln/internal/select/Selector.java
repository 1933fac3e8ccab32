package dev.kiln.internal.select;

import dev.kiln.CompiledNode;
import dev.kiln.CompiledProject;
import dev.kiln.ErrorCode;
import dev.kiln.KilnException;
import dev.kiln.Selection;
import dev.kiln.internal.state.PreviousManifest;
import dev.kiln.internal.select.SelectorSpec.Criterion;
import dev.kiln.internal.util.Suggest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The select stage: evaluates a {@link Selection} in dbt's syntax against a compiled project.
 * The union of the select specs (everything when there are none), minus the union of the
 * exclude specs; tests come along with what they test (see {@link EagerTests}). Every spec is
 * parsed before anything is evaluated, so a bad spec fails fast with {@link ErrorCode#USAGE}.
 * See {@code docs/selection.md}. Not thread-safe; cheap to create.
 */
public final class Selector {

    private final SelectableIndex index;
    private final PreviousManifest state;
    private final SelectorParser parser = new SelectorParser();
    private SpecEvaluator evaluator;

    /** @param project the compiled project; @param state an earlier manifest for {@code state:}, or null */
    public Selector(CompiledProject project, PreviousManifest state) {
        this.index = new SelectableIndex(project);
        this.state = state;
    }

    /** The selected nodes, parents before children. */
    public List<CompiledNode> select(Selection selection) {
        return evaluate(selection).nodes();
    }

    /** The selected nodes, parents before children, and the specs that matched nothing. */
    public SelectionOutcome evaluate(Selection selection) {
        List<SelectorSpec> include = parser.parseAll(Selection.split(selection.select()));
        List<SelectorSpec> exclude = parser.parseAll(Selection.split(selection.exclude()));
        requireState(include);
        requireState(exclude);
        List<SelectionOutcome.UnmatchedSpec> unmatched = new ArrayList<>();
        Set<String> chosen = include.isEmpty() ? new HashSet<>(index.allIds()) : union(include, unmatched, false);
        if (!exclude.isEmpty()) {
            chosen.removeAll(union(exclude, unmatched, true));
        }
        return new SelectionOutcome(index.inProjectOrder(chosen), unmatched);
    }

    private Set<String> union(List<SelectorSpec> specs, List<SelectionOutcome.UnmatchedSpec> unmatched, boolean excludes) {
        Set<String> out = new HashSet<>();
        for (SelectorSpec spec : specs) {
            Set<String> selected = evaluator().evaluate(spec);
            if (selected.isEmpty()) {
                unmatched.add(new SelectionOutcome.UnmatchedSpec(spec.raw(), hint(spec), excludes));
            }
            out.addAll(selected);
        }
        return out;
    }

    private SpecEvaluator evaluator() {
        if (evaluator == null) {
            evaluator = new SpecEvaluator(new MethodMatchers(index, state), new GraphExpander(index.project()),
                    new EagerTests(index));
        }
        return evaluator;
    }

    private void requireState(List<SelectorSpec> specs) {
        if (state != null) {
            return;
        }
        for (SelectorSpec spec : specs) {
            for (Criterion c : spec.criteria()) {
                if (c.method() == SelectorMethod.STATE) {
                    throw new KilnException(ErrorCode.USAGE, "--state DIR is required for state: selection (spec '"
                            + spec.raw() + "'). Point --state at the target directory of an earlier run, "
                            + "which holds its manifest.json.");
                }
            }
        }
    }

    /** "Did you mean …?" for a plain name that matched nothing, else null. */
    private String hint(SelectorSpec spec) {
        if (spec instanceof Criterion e && e.method() == SelectorMethod.EXPOSURE) {
            return index.project().project().exposure(e.value()).filter(x -> !x.enabled())
                    .map(x -> "Exposure '" + x.name() + "' is disabled (config.enabled at " + x.positionOf("config.enabled")
                            + ").").orElse(null);
        }
        if (!(spec instanceof Criterion c) || Glob.hasWildcard(c.value())) {
            return null;
        }
        String written = c.raw();
        int at = written.lastIndexOf(c.value());
        String close = switch (c.method()) {
            case FQN -> {
                String name = Suggest.closest(c.value(), names());
                if (name != null) {
                    yield name;
                }
                String tag = Suggest.closest(c.value(), tags());
                yield tag != null ? "tag:" + tag : null;
            }
            case TAG -> Suggest.closest(c.value(), tags());
            case PATH -> Suggest.closest(c.value(), paths());
            case SOURCE -> Suggest.closest(c.value(), index.project().project().sources().values().stream()
                    .flatMap(t -> java.util.stream.Stream.of(t.sourceName(), t.sourceName() + "." + t.name())).distinct().toList());
            case EXPOSURE -> Suggest.closest(c.value(), index.project().project().exposures().values().stream()
                    .map(dev.kiln.Exposure::name).toList());
            default -> null;
        };
        if (close == null || at < 0) {
            return null;
        }
        String prefix = written.substring(0, at);
        if (close.startsWith("tag:") && c.method() == SelectorMethod.FQN) {
            // +fct_order → +tag:finance: the graph operators stay where they were
            prefix = prefix.replaceFirst("fqn:$", "");
        }
        return "Did you mean '" + prefix + close + written.substring(at + c.value().length()) + "'?";
    }

    private List<String> names() {
        return index.nodes().stream().map(CompiledNode::name).distinct().toList();
    }

    private List<String> tags() {
        return index.nodes().stream().flatMap(n -> n.config().tags().stream()).distinct().toList();
    }

    /** Every node's file and the folders above it, relative to the project, with forward slashes. */
    private List<String> paths() {
        Set<String> out = new java.util.TreeSet<>();
        for (CompiledNode n : index.nodes()) {
            if (n.node().origin() == null || n.node().origin().path() == null) {
                continue;
            }
            String p = n.node().origin().path().toString().replace('\\', '/');
            out.add(p);
            for (int i = p.indexOf('/'); i > 0; i = p.indexOf('/', i + 1)) {
                out.add(p.substring(0, i));
            }
        }
        return List.copyOf(out);
    }
}
