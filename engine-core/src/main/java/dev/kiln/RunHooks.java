package dev.kiln;

import java.util.List;

/**
 * The project hooks of {@code kiln.yml}: {@code on-run-start} runs before the first node of
 * {@code run}, {@code build}, {@code seed}, {@code snapshot} and {@code test} (a failure skips
 * every node), {@code on-run-end} after the last (also when nodes failed; its failure fails the
 * command). Both are templates with {@code target}, {@code var()}, {@code env_var()} and the
 * project's macros; {@code on-run-end} also sees {@code results} and {@code schemas}. See
 * {@code docs/reference.md}.
 *
 * @param onRunStart {@code on-run-start}, in order
 * @param onRunEnd   {@code on-run-end}, in order
 */
public record RunHooks(List<Hook> onRunStart, List<Hook> onRunEnd) {

    /** No project hooks. */
    public static final RunHooks NONE = new RunHooks(List.of(), List.of());

    /** Copies the lists. */
    public RunHooks {
        onRunStart = List.copyOf(onRunStart);
        onRunEnd = List.copyOf(onRunEnd);
    }

    /** Whether there is no hook at all. */
    public boolean isEmpty() {
        return onRunStart.isEmpty() && onRunEnd.isEmpty();
    }
}
