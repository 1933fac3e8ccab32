package dev.kiln.cli;

import dev.kiln.CompiledNode;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.ResourceType;

import java.time.Duration;
import java.util.Locale;

/**
 * Formats the line printed when a node finishes, the way dbt does:
 * <pre>
 *  3 of 12 OK created table analytics.dim_users ................................. [CREATE TABLE (3 rows) in 0.12s]
 *  5 of 12 FAIL 1 accepted_values_dim_users_plan ................................ [FAIL 1 in 0.02s]
 * 12 of 12 SKIP relation analytics.user_count (upstream 'dim_users' did not succeed) ... [SKIP]
 * </pre>
 * The index is padded to the width of the total, so the words line up; the status is coloured
 * (green, yellow, red) when the style has colour.
 */
final class ProgressLine {

    /** The dots end at this column (when the text leaves room for at least three). */
    static final int WIDTH = 80;

    private ProgressLine() {
    }

    /**
     * The line for one finished node.
     *
     * @param node   the node
     * @param result how it ended
     * @param index  its place in finish order, from 1
     * @param total  how many nodes the run has
     * @param style  colour or not
     * @return the line, without a line break
     */
    static String format(CompiledNode node, NodeResult result, int index, int total, Style style) {
        NodeStatus status = result.status();
        String word = word(status);
        String count = " ".repeat(Math.max(0, digits(total) - digits(index))) + index + " of " + total + " ";
        String text = count + paint(style, status, word) + " " + description(node, result);
        int visible = (count + word + " " + description(node, result)).length();
        String dots = ".".repeat(Math.max(3, WIDTH - visible - 1));
        return text + " " + dots + " " + paint(style, status, "[" + outcome(result) + "]");
    }

    private static int digits(int n) {
        return Integer.toString(n).length();
    }

    /** {@code OK}, {@code ERROR}, {@code PASS}, {@code FAIL}, {@code WARN} or {@code SKIP}. */
    static String word(NodeStatus status) {
        return switch (status) {
            case SUCCESS -> "OK";
            case SKIPPED -> "SKIP";
            default -> status.name();
        };
    }

    /** Colours text by status: green for success, yellow for warnings and skips, red for failures. */
    static String paint(Style style, NodeStatus status, String text) {
        return switch (status) {
            case SUCCESS, PASS -> style.green(text);
            case WARN, SKIPPED -> style.yellow(text);
            case ERROR, FAIL -> style.red(text);
        };
    }

    /** What happened to the node, after the status word. */
    private static String description(CompiledNode node, NodeResult r) {
        boolean builds = node.relation() != null && node.resourceType() != ResourceType.TEST;
        if (node.resourceType() == ResourceType.EXPOSURE && r.status() != NodeStatus.SKIPPED) {
            return name(node); // what it did (sent, wrote) is in the brackets
        }
        return switch (r.status()) {
            case SUCCESS -> builds ? built(node) + " " + node.relation().displayName() : name(node);
            case ERROR -> builds ? building(node) + " " + node.relation().displayName() : name(node);
            case PASS -> name(node);
            case FAIL, WARN -> r.failures() + " " + name(node);
            case SKIPPED -> (builds ? "relation " + node.relation().displayName() : name(node))
                    + " (" + skipReason(r.message()) + ")";
        };
    }

    /** {@code created table}, {@code loaded seed}, … */
    private static String built(CompiledNode node) {
        return switch (node.resourceType()) {
            case SEED -> "loaded seed";
            case SOURCE -> "loaded source";
            case SNAPSHOT -> "snapshotted";
            default -> switch (materialization(node)) {
                case "table", "view" -> "created " + materialization(node);
                default -> "built " + materialization(node);
            };
        };
    }

    /** {@code creating table}, {@code loading seed}, … */
    private static String building(CompiledNode node) {
        return switch (node.resourceType()) {
            case SEED -> "loading seed";
            case SOURCE -> "loading source";
            case SNAPSHOT -> "snapshotting";
            default -> switch (materialization(node)) {
                case "table", "view" -> "creating " + materialization(node);
                default -> "building " + materialization(node);
            };
        };
    }

    private static String materialization(CompiledNode node) {
        return node.config().materialized();
    }

    /** A test's name; unit tests say so. */
    private static String name(CompiledNode node) {
        return switch (node.resourceType()) {
            case UNIT_TEST -> "unit test " + node.name();
            case OPERATION -> "hook " + node.name();
            case MODEL, SEED, SNAPSHOT, EXPOSURE -> node.resourceType().dbtName() + " " + node.name();
            default -> node.name();
        };
    }

    /** {@code upstream 'x' did not succeed} from {@code Skipped: upstream 'x' did not succeed}. */
    static String skipReason(String message) {
        if (message == null || message.isBlank()) {
            return "skipped";
        }
        String m = message.strip();
        for (String prefix : new String[] {"Skipped: ", "Skipped "}) {
            if (m.startsWith(prefix)) {
                m = m.substring(prefix.length());
                break;
            }
        }
        return m.isEmpty() ? "skipped" : m.substring(0, 1).toLowerCase(Locale.ROOT) + m.substring(1);
    }

    /** The bracket: {@code CREATE TABLE (3 rows) in 0.12s}, {@code FAIL 2 in 0.01s}, {@code SKIP}. */
    private static String outcome(NodeResult r) {
        String time = " in " + seconds(r.elapsed());
        return switch (r.status()) {
            case SUCCESS -> summary(r) + time;
            case ERROR -> "ERROR" + time;
            case PASS -> "PASS" + time;
            case FAIL, WARN -> r.status().name() + " " + (r.failures() == 0 && r.message() != null && !r.message().isBlank()
                    ? r.message().lines().findFirst().orElse("") : String.valueOf(r.failures())) + time;
            case SKIPPED -> "SKIP";
        };
    }

    /** The warehouse's words, with the row count when they do not already hold a number. */
    private static String summary(NodeResult r) {
        String m = r.message() == null || r.message().isBlank() ? "OK" : r.message().lines().findFirst().orElse("OK");
        if (r.rowsAffected() >= 0 && !m.matches(".*\\d.*")) {
            m += " (" + r.rowsAffected() + (r.rowsAffected() == 1 ? " row)" : " rows)");
        }
        return m;
    }

    /** {@code 0.12s}. */
    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2fs", d.toNanos() / 1e9);
    }
}
