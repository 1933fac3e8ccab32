package dev.kiln.cli.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.RunResults;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The JSON an alert posts: Slack's incoming-webhook format, a {@code text} (shown in
 * notifications and by tools that read only that) and {@code blocks}: a header, the run's
 * counts, then one section per failed node with its error. Slack's limits are kept: at most 50
 * blocks and 3000 characters a section.
 */
public final class SlackMessage {

    /** Nodes listed one by one; the rest are counted. */
    static final int MAX_NODES = 40;
    private static final int MAX_SECTION = 2900;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SlackMessage() {
    }

    /**
     * The message for a finished run.
     *
     * @param run what ran: project, command, target
     * @param results its results
     * @return the JSON text
     */
    public static String of(RunContext run, RunResults results) {
        List<NodeResult> failed = results.results().stream().filter(r -> r.status().isFailure()).toList();
        String counts = counts(results);
        boolean ok = failed.isEmpty() && !results.cancelled();
        String outcome = results.cancelled() ? "was cancelled" : ok ? "succeeded" : "failed";
        String title = "Kiln: " + run.project() + " " + run.command() + " on " + run.target() + " " + outcome;
        ObjectNode root = JSON.createObjectNode();
        root.put("text", title + " (" + counts + ")" + (failed.isEmpty() ? "" : ": "
                + failed.stream().map(r -> name(r.uniqueId())).limit(10).collect(Collectors.joining(", "))
                + (failed.size() > 10 ? ", …" : "")));
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", truncate((ok ? "✅ " : "❌ ") + title, 150));
        section(blocks, "*Project* " + run.project() + "   *Command* `" + run.command() + "`   *Target* " + run.target()
                + "\n" + counts + " in " + String.format(Locale.ROOT, "%.1fs", results.elapsed().toMillis() / 1000.0));
        for (NodeResult r : failed.stream().limit(MAX_NODES).toList()) {
            String status = r.status() == NodeStatus.FAIL ? "failed" : "error";
            String retried = r.retries() > 0 ? " after " + r.retries() + (r.retries() == 1 ? " retry" : " retries") : "";
            section(blocks, "*" + name(r.uniqueId()) + "* (" + kind(r.uniqueId()) + ", " + status + retried + ")\n```"
                    + truncate(r.message() == null ? "" : r.message(), MAX_SECTION - 200) + "```");
        }
        if (failed.size() > MAX_NODES) {
            section(blocks, "… and " + (failed.size() - MAX_NODES) + " more; see run_results.json.");
        }
        ObjectNode context = blocks.addObject().put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn").put("text", "invocation " + run.invocationId());
        return root.toString();
    }

    private static void section(ArrayNode blocks, String markdown) {
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                .put("text", truncate(markdown, MAX_SECTION));
    }

    static String counts(RunResults results) {
        Map<NodeStatus, Integer> c = results.counts();
        return "PASS=" + (c.getOrDefault(NodeStatus.SUCCESS, 0) + c.getOrDefault(NodeStatus.PASS, 0))
                + " WARN=" + c.getOrDefault(NodeStatus.WARN, 0)
                + " ERROR=" + (c.getOrDefault(NodeStatus.ERROR, 0) + c.getOrDefault(NodeStatus.FAIL, 0))
                + " SKIP=" + c.getOrDefault(NodeStatus.SKIPPED, 0)
                + " TOTAL=" + results.results().size();
    }

    private static String name(String uniqueId) {
        return uniqueId.substring(uniqueId.lastIndexOf('.') + 1);
    }

    private static String kind(String uniqueId) {
        int dot = uniqueId.indexOf('.');
        return dot < 0 ? "node" : uniqueId.substring(0, dot).replace('_', ' ');
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
