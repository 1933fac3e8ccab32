package dev.kiln.maven;

import dev.kiln.CompiledNode;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.ResourceType;
import dev.kiln.RunResults;
import org.apache.maven.plugin.MojoFailureException;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a run that did not succeed into a {@link MojoFailureException} whose message lists
 * every error and failure with its whole message:
 * <pre>
 * kiln:build failed with 1 error and 1 test failure (8 nodes).
 *
 * Failure in test accepted_values_dim_users_plan (models/marts/schema.yml:12:11)
 *   Got 1 result, configured to fail if != 0
 * </pre>
 */
final class RunReport {

    /**
     * A node that errored, failed or warned.
     *
     * @param node   the node
     * @param result how it ended
     */
    record Problem(CompiledNode node, NodeResult result) {
    }

    private RunReport() {
    }

    /**
     * Does nothing when the run succeeded; otherwise throws.
     *
     * @param goal     the goal, for the heading
     * @param results  the run's results
     * @param problems the nodes that errored, failed or warned, in finish order
     * @throws MojoFailureException when a node errored or failed, or the run was cancelled
     */
    static void check(String goal, RunResults results, List<Problem> problems) throws MojoFailureException {
        if (results.success()) {
            return;
        }
        throw new MojoFailureException(summary(goal, results, problems));
    }

    /** The summary of a failed run. */
    static String summary(String goal, RunResults results, List<Problem> problems) {
        var counts = results.counts();
        List<String> parts = new ArrayList<>();
        if (counts.get(NodeStatus.ERROR) > 0) {
            parts.add(MavenLogListener.plural(counts.get(NodeStatus.ERROR), "error"));
        }
        if (counts.get(NodeStatus.FAIL) > 0) {
            parts.add(MavenLogListener.plural(counts.get(NodeStatus.FAIL), "test failure"));
        }
        StringBuilder sb = new StringBuilder("kiln:").append(goal)
                .append(results.cancelled() ? " was cancelled" : " failed")
                .append(parts.isEmpty() ? "" : " with " + String.join(" and ", parts))
                .append(" (").append(MavenLogListener.plural(results.results().size(), "node")).append(").");
        for (Problem p : problems) {
            if (p.result().status().isFailure()) {
                sb.append("\n\n").append(heading(p));
                String message = p.result().message() == null ? "" : p.result().message().strip();
                message.lines().forEach(line -> sb.append("\n  ").append(line));
            }
        }
        return sb.toString();
    }

    /** {@code Failure in test x (models/schema.yml:12:11)}. */
    private static String heading(Problem p) {
        String kind = p.result().status() == NodeStatus.FAIL ? "Failure" : "Error";
        CompiledNode n = p.node();
        String what = n.resourceType() == ResourceType.UNIT_TEST ? "unit test" : n.resourceType().dbtName();
        String where = n.node().origin() == null ? "" : " (" + (n.node().origin().position() != null
                ? n.node().origin().position().toString() : n.node().origin().path().toString().replace('\\', '/')) + ")";
        return kind + " in " + what + " " + n.name() + where;
    }
}
