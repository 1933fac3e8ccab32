package dev.kiln.internal.select;

import java.util.List;

/**
 * One selection spec, parsed: either a single {@link Criterion} ({@code +stg_users}) or an
 * {@link Intersection} of criteria written with commas ({@code tag:daily,config.materialized:table}).
 * Several specs on a command line form a union; that is the job of {@link Selector}.
 */
public sealed interface SelectorSpec permits SelectorSpec.Criterion, SelectorSpec.Intersection {

    /** The spec as the user wrote it. */
    String raw();

    /** The criteria of the spec (one for a plain criterion). */
    List<Criterion> criteria();

    /**
     * One {@code method:value} with its graph operators.
     *
     * @param raw    the criterion as written ({@code 2+tag:daily+})
     * @param method the method, explicit or chosen from the value's shape
     * @param key    the dotted key after the method ({@code [materialized]} in
     *               {@code config.materialized:table}); empty for other methods
     * @param value  what follows the colon
     * @param graph  the graph operators around it
     */
    record Criterion(String raw, SelectorMethod method, List<String> key, String value, GraphOperators graph)
            implements SelectorSpec {

        /** Copies the key. */
        public Criterion {
            key = List.copyOf(key);
        }

        @Override
        public List<Criterion> criteria() {
            return List.of(this);
        }
    }

    /**
     * Criteria joined by commas: a node must match every one.
     *
     * @param raw   the spec as written
     * @param parts the criteria, at least two
     */
    record Intersection(String raw, List<Criterion> parts) implements SelectorSpec {

        /** Copies the parts. */
        public Intersection {
            parts = List.copyOf(parts);
        }

        @Override
        public List<Criterion> criteria() {
            return parts;
        }
    }

    /**
     * The graph operators of a criterion. A depth is {@link #NONE} (operator absent),
     * {@link #ALL} (a bare {@code +}) or a number of generations ({@code 2+model}).
     *
     * @param parentsDepth     ancestors to add ({@code +model}, {@code 2+model})
     * @param childrenDepth    descendants to add ({@code model+}, {@code model+3})
     * @param childrensParents {@code @model}: descendants and every ancestor of those descendants
     */
    record GraphOperators(int parentsDepth, int childrenDepth, boolean childrensParents) {

        /** The operator is absent (the same as a depth of zero). */
        public static final int NONE = 0;
        /** No depth limit. */
        public static final int ALL = -1;
        /** No graph operators. */
        public static final GraphOperators NO_OPERATORS = new GraphOperators(NONE, NONE, false);

        /** Whether any operator is present. */
        public boolean any() {
            return parentsDepth != NONE || childrenDepth != NONE || childrensParents;
        }
    }
}
