package dev.kiln.cli.airflow;

import java.util.List;

/**
 * Everything the DAG file says besides the plan, resolved from options, {@code kiln.yml}'s
 * {@code airflow:} section and defaults.
 *
 * @param project      the project's name (for the header and default tags)
 * @param dagId        the DAG id
 * @param schedule     a cron expression or preset, or {@code null} for manual runs only
 * @param startDate    {@code YYYY-MM-DD}
 * @param catchup      Airflow's {@code catchup}
 * @param retries      Airflow retries of each build task
 * @param retryDelay   seconds between Airflow retries
 * @param tags         the DAG's tags
 * @param ecs          where the tasks run: each value a Python expression (a literal, or an
 *                     environment lookup made when Airflow parses the file)
 * @param kilnOptions  global options added to every {@code kiln} command in the container
 */
public record DagSettings(String project, String dagId, String schedule, String startDate, boolean catchup,
                          int retries, int retryDelay, List<String> tags, Ecs ecs, List<String> kilnOptions) {

    /** Copies the lists. */
    public DagSettings {
        tags = List.copyOf(tags);
        kilnOptions = List.copyOf(kilnOptions);
    }

    /**
     * The ECS settings as Python expressions.
     *
     * @param cluster         the cluster
     * @param taskDefinition  the task definition
     * @param container       the container name
     * @param subnets         a list of subnet ids
     * @param securityGroups  a list of security group ids
     * @param assignPublicIp  {@code "ENABLED"} or {@code "DISABLED"}
     * @param logGroup        the CloudWatch log group, or None
     * @param logStreamPrefix the awslogs stream prefix
     * @param region          the region, or None (the connection's)
     * @param awsConnId       the Airflow connection id
     */
    public record Ecs(String cluster, String taskDefinition, String container, String subnets, String securityGroups,
                      String assignPublicIp, String logGroup, String logStreamPrefix, String region, String awsConnId) {
    }
}
