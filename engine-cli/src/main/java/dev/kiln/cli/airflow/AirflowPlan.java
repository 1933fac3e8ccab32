package dev.kiln.cli.airflow;

import java.util.List;

/**
 * What {@code kiln dag airflow} turns into an Airflow DAG: task groups in a stable topological
 * order, and the edges between them.
 *
 * @param groups the groups, upstream before downstream (ties by id)
 * @param edges  upstream → downstream group ids, sorted
 */
public record AirflowPlan(List<Group> groups, List<Edge> edges) {

    /** Copies the lists. */
    public AirflowPlan {
        groups = List.copyOf(groups);
        edges = List.copyOf(edges);
    }

    /**
     * One Airflow task group: a build task for its models, seeds and snapshots (retried by
     * Airflow), then a test task for their tests (never retried).
     *
     * @param id    the group id (a Python-safe name, unique)
     * @param build selectors of the nodes {@code kiln build} builds; empty for a group of tests only
     * @param tests selectors of the data and unit tests {@code kiln test} runs; possibly empty
     */
    public record Group(String id, List<String> build, List<String> tests) {

        /** Copies the lists. */
        public Group {
            build = List.copyOf(build);
            tests = List.copyOf(tests);
        }
    }

    /**
     * An edge: {@code downstream} starts once every task of {@code upstream} succeeded.
     *
     * @param upstream   group id
     * @param downstream group id
     */
    public record Edge(String upstream, String downstream) {
    }
}
