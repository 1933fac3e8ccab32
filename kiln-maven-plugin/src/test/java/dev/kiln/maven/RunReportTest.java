package dev.kiln.maven;

import dev.kiln.CompiledNode;
import dev.kiln.Node;
import dev.kiln.NodeConfig;
import dev.kiln.NodeDocs;
import dev.kiln.NodeOrigin;
import dev.kiln.NodeResult;
import dev.kiln.NodeStatus;
import dev.kiln.Relation;
import dev.kiln.ResourceType;
import dev.kiln.RunResults;
import dev.kiln.SourcePosition;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunReportTest {

    private static CompiledNode node(ResourceType type, String name, String file, int line, int column) {
        Path path = Path.of(file);
        Node n = new Node(type.dbtName() + ".shop." + name, type, name,
                new NodeOrigin(path, new SourcePosition(path, line, column), List.of("shop", name)), "",
                NodeConfig.EMPTY, NodeDocs.NONE, null);
        return new CompiledNode(n, "select 1", type == ResourceType.MODEL ? Relation.of("analytics", name) : null,
                List.of(), List.of());
    }

    private static NodeResult result(CompiledNode node, NodeStatus status, String message, long failures) {
        return new NodeResult(node.uniqueId(), status, Instant.EPOCH, Duration.ofMillis(20), message, -1, failures, Map.of());
    }

    @Test
    void aFailedRunListsEveryErrorAndFailureWithItsWholeMessageAndPlace() {
        CompiledNode model = node(ResourceType.MODEL, "dim_users", "models/dim_users.sql", 1, 0);
        CompiledNode test = node(ResourceType.TEST, "unique_dim_users_id", "models/schema.yml", 9, 13);
        CompiledNode warned = node(ResourceType.TEST, "not_null_dim_users_plan", "models/schema.yml", 12, 13);
        NodeResult error = result(model, NodeStatus.ERROR, "Conversion Error: Could not convert 'x'\nLINE 1: select", 0);
        NodeResult fail = result(test, NodeStatus.FAIL, "Got 2 results, configured to fail if != 0", 2);
        NodeResult warn = result(warned, NodeStatus.WARN, "Got 1 result, configured to warn if != 0", 1);
        RunResults results = new RunResults("build", List.of(error, fail, warn), Duration.ofSeconds(1), false);
        List<RunReport.Problem> problems = List.of(new RunReport.Problem(model, error), new RunReport.Problem(test, fail),
                new RunReport.Problem(warned, warn));

        assertThatThrownBy(() -> RunReport.check("build", results, problems))
                .isInstanceOf(MojoFailureException.class)
                .hasMessage("""
                        kiln:build failed with 1 error and 1 test failure (3 nodes).

                        Error in model dim_users (models/dim_users.sql:1)
                          Conversion Error: Could not convert 'x'
                          LINE 1: select

                        Failure in test unique_dim_users_id (models/schema.yml:9:13)
                          Got 2 results, configured to fail if != 0""");
    }

    @Test
    void aRunWithOnlyWarningsPasses() {
        CompiledNode warned = node(ResourceType.TEST, "not_null_dim_users_plan", "models/schema.yml", 12, 13);
        NodeResult warn = result(warned, NodeStatus.WARN, "Got 1 result", 1);
        RunResults results = new RunResults("test", List.of(warn), Duration.ZERO, false);
        assertThatCode(() -> RunReport.check("test", results, List.of(new RunReport.Problem(warned, warn))))
                .doesNotThrowAnyException();
    }

    @Test
    void aCancelledRunFails() {
        RunResults results = new RunResults("run", List.of(), Duration.ZERO, true);
        assertThatThrownBy(() -> RunReport.check("run", results, List.of()))
                .hasMessage("kiln:run was cancelled (0 nodes).");
    }

    @Test
    void nodesAreDescribedByWhatTheyBuild() {
        assertThat(MavenLogListener.describe(node(ResourceType.MODEL, "dim_users", "models/dim_users.sql", 1, 0)))
                .isEqualTo("view analytics.dim_users");
        assertThat(MavenLogListener.describe(node(ResourceType.TEST, "unique_x", "models/schema.yml", 1, 1)))
                .isEqualTo("test unique_x");
    }
}
