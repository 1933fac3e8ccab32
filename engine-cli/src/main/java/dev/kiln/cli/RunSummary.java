package dev.kiln.cli;

import dev.kiln.NodeStatus;
import dev.kiln.ResourceType;
import dev.kiln.RunResults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The end of a run's output, like dbt's:
 * <pre>
 * Finished running 8 nodes in 0.61s.
 *
 * Completed with 1 error and 1 warning:
 *
 * Failure in test accepted_values_dim_users_plan (models/marts/schema.yml)
 *   Got 1 result, configured to fail if != 0
 *
 * Warning in test not_null_dim_users_monthly_limit (models/marts/schema.yml)
 *   Got 1 result, configured to warn if != 0
 *
 * Done. PASS=5 WARN=1 ERROR=1 SKIP=1 TOTAL=8
 * </pre>
 * Every error and failure is repeated with its whole message, so the cause is visible at the
 * end of a long run.
 */
final class RunSummary {

    private static final String NL = System.lineSeparator();

    private RunSummary() {
    }

    /**
     * The summary text.
     *
     * @param results  the run's results
     * @param problems the nodes that errored, failed or warned, in finish order
     * @param style    colour or not
     * @return several lines, without a final line break
     */
    static String format(RunResults results, List<RunProgress.Problem> problems, Style style) {
        StringBuilder sb = new StringBuilder();
        int total = results.results().size();
        String seconds = ProgressLine.seconds(results.elapsed());
        if (results.cancelled()) {
            sb.append(style.yellow("Cancelled after " + seconds + "; running statements were aborted, "
                    + "the nodes not yet started were skipped."));
        } else {
            sb.append("Finished running ").append(NodeCounts.plural(total, "node")).append(" in ").append(seconds).append('.');
        }
        sb.append(NL).append(NL);
        int errors = (int) problems.stream().filter(p -> p.result().status().isFailure()).count();
        int warnings = problems.size() - errors;
        if (problems.isEmpty()) {
            sb.append(results.cancelled() ? "" : style.green("Completed successfully") + NL + NL);
        } else {
            String heading = "Completed with " + counted(errors, warnings) + ":";
            sb.append(errors > 0 ? style.red(heading) : style.yellow(heading)).append(NL);
            for (RunProgress.Problem p : problems) {
                sb.append(NL).append(problem(p, style)).append(NL);
            }
            sb.append(NL);
        }
        sb.append(done(results, errors, warnings, style));
        return sb.toString();
    }

    /** {@code 1 error and 2 warnings}, {@code 2 errors}, {@code 1 warning}. */
    private static String counted(int errors, int warnings) {
        List<String> parts = new ArrayList<>();
        if (errors > 0) {
            parts.add(NodeCounts.plural(errors, "error"));
        }
        if (warnings > 0) {
            parts.add(NodeCounts.plural(warnings, "warning"));
        }
        return String.join(" and ", parts);
    }

    /** {@code Failure in test x (models/schema.yml)} and the message, indented. */
    private static String problem(RunProgress.Problem p, Style style) {
        String kind = switch (p.result().status()) {
            case FAIL -> "Failure";
            case WARN -> "Warning";
            default -> "Error";
        };
        String what = p.node().resourceType() == ResourceType.UNIT_TEST ? "unit test"
                : p.node().resourceType().dbtName();
        String path = p.node().node().origin() == null || p.node().node().origin().path() == null ? ""
                : " (" + p.node().node().origin().path().toString().replace('\\', '/') + ")";
        String heading = kind + " in " + what + " " + p.node().name() + path;
        StringBuilder sb = new StringBuilder(p.result().status() == NodeStatus.WARN ? style.yellow(heading) : style.red(heading));
        String message = p.result().message() == null ? "" : p.result().message().strip();
        message.lines().forEach(line -> sb.append(NL).append(line.isBlank() ? "" : "  " + line.stripTrailing()));
        return sb.toString();
    }

    /** {@code Done. PASS=5 WARN=1 ERROR=1 SKIP=1 TOTAL=8}: built and passed nodes count as PASS, failed tests as ERROR. */
    private static String done(RunResults results, int errors, int warnings, Style style) {
        Map<NodeStatus, Integer> c = results.counts();
        String line = "Done. PASS=" + (c.get(NodeStatus.SUCCESS) + c.get(NodeStatus.PASS))
                + " WARN=" + c.get(NodeStatus.WARN)
                + " ERROR=" + (c.get(NodeStatus.ERROR) + c.get(NodeStatus.FAIL))
                + " SKIP=" + c.get(NodeStatus.SKIPPED)
                + " TOTAL=" + results.results().size();
        if (errors > 0 || results.cancelled()) {
            return style.red(line);
        }
        return warnings > 0 ? style.yellow(line) : style.green(line);
    }
}
