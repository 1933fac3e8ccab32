package dev.kiln.cli;

import dev.kiln.CompiledNode;
import dev.kiln.Node;
import dev.kiln.NodeConfig;
import dev.kiln.NodeDocs;
import dev.kiln.NodeOrigin;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.Relation;
import dev.kiln.ResourceType;
import dev.kiln.SourcePosition;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressLineTest {

    private static final Style COLOUR = new Style(true);

    @Test
    void dotsLineUpTheBrackets() {
        String a = ProgressLine.format(model("a", "table"), ok(12, "CREATE TABLE"), 1, 40, Style.PLAIN);
        String b = ProgressLine.format(model("a_much_longer_name", "view"), ok(-1, "CREATE VIEW"), 12, 40, Style.PLAIN);
        assertThat(a).isEqualTo(" 1 of 40 OK created table analytics.a " + ".".repeat(42) + " [CREATE TABLE (12 rows) in 0.12s]");
        assertThat(b).startsWith("12 of 40 OK created view analytics.a_much_longer_name ...").endsWith(" [CREATE VIEW in 0.12s]");
        assertThat(a.indexOf('[')).isEqualTo(b.indexOf('[')).isEqualTo(ProgressLine.WIDTH + 1);
    }

    @Test
    void aLongDescriptionKeepsThreeDots() {
        String line = ProgressLine.format(model("x".repeat(100), "table"), ok(1, "CREATE TABLE"), 1, 1, Style.PLAIN);
        assertThat(line).contains("x ... [CREATE TABLE (1 row) in 0.12s]");
    }

    @Test
    void everyStatusHasItsWords() {
        CompiledNode test = test("unique_users_id");
        assertThat(line(model("m", "incremental"), result(NodeStatus.SUCCESS, "INSERT 5", 5, 0)))
                .startsWith("1 of 2 OK built incremental analytics.m ").endsWith("[INSERT 5 in 0.12s]");
        assertThat(line(model("m", "table"), result(NodeStatus.ERROR, "Catalog Error: no", -1, 0)))
                .startsWith("1 of 2 ERROR creating table analytics.m ").endsWith("[ERROR in 0.12s]");
        assertThat(line(seed("s"), result(NodeStatus.ERROR, "bad csv", -1, 0))).startsWith("1 of 2 ERROR loading seed raw.s ");
        assertThat(line(test, result(NodeStatus.PASS, "PASS", -1, 0)))
                .startsWith("1 of 2 PASS unique_users_id ").endsWith("[PASS in 0.12s]");
        assertThat(line(test, result(NodeStatus.FAIL, "Got 3 results", -1, 3)))
                .startsWith("1 of 2 FAIL 3 unique_users_id ").endsWith("[FAIL 3 in 0.12s]");
        assertThat(line(test, result(NodeStatus.WARN, "Got 1 result", -1, 1)))
                .startsWith("1 of 2 WARN 1 unique_users_id ").endsWith("[WARN 1 in 0.12s]");
        assertThat(line(model("m", "view"), NodeResult.skipped("model.p.m", "Skipped: upstream 'x' did not succeed")))
                .startsWith("1 of 2 SKIP relation analytics.m (upstream 'x' did not succeed) ").endsWith(" [SKIP]");
        assertThat(line(test, NodeResult.skipped("test.p.t", "Cancelled"))).startsWith("1 of 2 SKIP unique_users_id (cancelled) ");
    }

    @Test
    void colourPaintsTheStatus() {
        String ok = ProgressLine.format(model("m", "view"), ok(-1, "CREATE VIEW"), 1, 1, COLOUR);
        assertThat(ok).startsWith("1 of 1 \u001b[32mOK\u001b[0m created view").endsWith("\u001b[32m[CREATE VIEW in 0.12s]\u001b[0m");
        String fail = ProgressLine.format(test("t"), result(NodeStatus.FAIL, "x", -1, 2), 1, 1, COLOUR);
        assertThat(fail).contains("\u001b[31mFAIL\u001b[0m 2 t");
        assertThat(fail.indexOf("[FAIL") - "\u001b[31m".length() - "\u001b[31m\u001b[0m".length())
                .isEqualTo(ProgressLine.WIDTH + 1);
    }

    @Test
    void skipReasonsReadAsAClause() {
        assertThat(ProgressLine.skipReason("Skipped: upstream 'a' did not succeed")).isEqualTo("upstream 'a' did not succeed");
        assertThat(ProgressLine.skipReason("Skipped after an earlier failure (--fail-fast)"))
                .isEqualTo("after an earlier failure (--fail-fast)");
        assertThat(ProgressLine.skipReason(null)).isEqualTo("skipped");
    }

    private static String line(CompiledNode node, NodeResult r) {
        return ProgressLine.format(node, r, 1, 2, Style.PLAIN);
    }

    private static NodeResult ok(long rows, String message) {
        return result(NodeStatus.SUCCESS, message, rows, 0);
    }

    private static NodeResult result(NodeStatus status, String message, long rows, long failures) {
        return new NodeResult("x", status, Instant.EPOCH, Duration.ofMillis(123), message, rows, failures, Map.of());
    }

    private static CompiledNode model(String name, String materialized) {
        return node(ResourceType.MODEL, name, NodeConfig.EMPTY.with("materialized", materialized), Relation.of("analytics", name));
    }

    private static CompiledNode seed(String name) {
        return node(ResourceType.SEED, name, NodeConfig.EMPTY, Relation.of("raw", name));
    }

    private static CompiledNode test(String name) {
        return node(ResourceType.TEST, name, NodeConfig.EMPTY, null);
    }

    private static CompiledNode node(ResourceType type, String name, NodeConfig config, Relation relation) {
        Path file = Path.of("models/" + name + ".sql");
        Node n = new Node(type.dbtName() + ".p." + name, type, name,
                new NodeOrigin(file, SourcePosition.of(file), List.of("p", name)), "", config,
                new NodeDocs(null, List.of()), null);
        return new CompiledNode(n, "", relation, List.of(), List.of());
    }
}
