package dev.kiln.maven;

import dev.kiln.Command;
import dev.kiln.CompiledNode;
import dev.kiln.Diagnostic;
import dev.kiln.KilnListener;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.ResourceType;
import dev.kiln.RunResults;
import org.apache.maven.plugin.logging.Log;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Shows Kiln's progress in the Maven log, one line per finished node, like the CLI:
 * <pre>
 * [INFO] 3 of 8 OK table analytics.dim_users [CREATE TABLE (3 rows) in 0.12s]
 * [ERROR] 5 of 8 FAIL accepted_values_dim_users_plan [FAIL 1 in 0.02s]
 * </pre>
 * Warnings go to {@code warn}, errors and failures to {@code error}, stage timings to
 * {@code debug}. It remembers the nodes that did not pass, for the {@link RunReport}.
 */
final class MavenLogListener implements KilnListener {

    private final Log log;
    private final List<RunReport.Problem> problems = new ArrayList<>();

    MavenLogListener(Log log) {
        this.log = log;
    }

    @Override
    public void warnings(List<Diagnostic> warnings) {
        warnings.forEach(w -> log.warn(w.format()));
    }

    @Override
    public void stageFinished(String stage, Duration elapsed) {
        if (log.isDebugEnabled()) {
            log.debug("kiln: " + stage + " took " + elapsed.toMillis() + " ms");
        }
    }

    @Override
    public void progress(CompiledNode node, String line) {
        synchronized (log) {
            log.info("  " + node.name() + ": " + line);
        }
    }

    @Override
    public void runStarted(Command command, int total) {
        log.info("kiln " + command.cliName() + ": " + plural(total, "node"));
    }

    @Override
    public synchronized void nodeFinished(CompiledNode node, NodeResult result, int index, int total) {
        String line = index + " of " + total + " " + word(result.status()) + " " + describe(node) + " [" + outcome(result) + "]";
        switch (result.status()) {
            case ERROR, FAIL -> {
                log.error(line);
                if (result.status() == NodeStatus.ERROR) {
                    log.error("  " + firstLine(result.message()));
                }
            }
            case WARN, SKIPPED -> log.warn(result.status() == NodeStatus.SKIPPED
                    ? line + " " + firstLine(result.message()) : line);
            default -> log.info(line);
        }
        if (result.status().isFailure() || result.status() == NodeStatus.WARN) {
            problems.add(new RunReport.Problem(node, result));
        }
    }

    @Override
    public void runFinished(RunResults results) {
        Map<NodeStatus, Integer> c = results.counts();
        String line = String.format(Locale.ROOT, "Done in %.2fs. PASS=%d WARN=%d ERROR=%d SKIP=%d TOTAL=%d",
                results.elapsed().toNanos() / 1e9, c.get(NodeStatus.SUCCESS) + c.get(NodeStatus.PASS),
                c.get(NodeStatus.WARN), c.get(NodeStatus.ERROR) + c.get(NodeStatus.FAIL), c.get(NodeStatus.SKIPPED),
                results.results().size());
        if (results.success()) {
            log.info(line);
        } else {
            log.error(line);
        }
    }

    /** The nodes that errored, failed or warned, in the order they finished. */
    synchronized List<RunReport.Problem> problems() {
        return List.copyOf(problems);
    }

    /** {@code seed raw.plans}, {@code table analytics.dim_users}, {@code unit test x}, {@code test y}. */
    static String describe(CompiledNode node) {
        if (node.resourceType() == ResourceType.UNIT_TEST) {
            return "unit test " + node.name();
        }
        if (node.resourceType() == ResourceType.TEST || node.relation() == null) {
            return node.resourceType().dbtName() + " " + node.name();
        }
        String kind = node.resourceType() == ResourceType.MODEL ? node.config().materialized()
                : node.resourceType().dbtName();
        return kind + " " + node.relation().displayName();
    }

    private static String word(NodeStatus status) {
        return switch (status) {
            case SUCCESS -> "OK";
            case SKIPPED -> "SKIP";
            default -> status.name();
        };
    }

    private static String outcome(NodeResult r) {
        String time = String.format(Locale.ROOT, " in %.2fs", r.elapsed().toNanos() / 1e9);
        return switch (r.status()) {
            case SUCCESS -> {
                String m = firstLine(r.message());
                if (m.isEmpty()) {
                    m = "OK";
                }
                if (r.rowsAffected() >= 0 && !m.matches(".*\\d.*")) {
                    m += " (" + plural(r.rowsAffected(), "row") + ")";
                }
                yield m + time;
            }
            case FAIL, WARN -> r.status().name() + " " + r.failures() + time;
            case SKIPPED -> "SKIP";
            default -> r.status().name() + time;
        };
    }

    static String firstLine(String message) {
        return message == null ? "" : message.strip().lines().findFirst().orElse("");
    }

    static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
