package dev.kiln;

import java.util.List;

/**
 * The {@code airflow:} section of {@code kiln.yml}: how {@code kiln dag airflow} writes the
 * project's Airflow DAG. Every key is optional; see {@code docs/production.md}.
 *
 * @param dagId        {@code dag_id}, default the project's name
 * @param schedule     {@code schedule}: a cron expression or an Airflow preset ({@code @daily}); {@code null}
 *                     for a DAG that runs only when triggered
 * @param startDate    {@code start_date} as {@code YYYY-MM-DD}, default {@code 2024-01-01}
 * @param catchup      {@code catchup}, default false
 * @param retries      {@code retries} of each build task (tests are never retried), default 2
 * @param retryDelay   {@code retry_delay} in seconds between Airflow retries, default 300
 * @param groupBy      {@code group_by}: {@code node}, {@code folder} or {@code tag}, default {@code node}
 * @param tags         {@code tags} of the DAG in the Airflow UI
 * @param ecs          {@code ecs:}, where the tasks run
 */
public record AirflowConfig(String dagId, String schedule, String startDate, boolean catchup, int retries,
                            int retryDelay, String groupBy, List<String> tags, Ecs ecs) {

    /** Defaults only. */
    public static final AirflowConfig DEFAULTS = new AirflowConfig(null, null, "2024-01-01", false, 2, 300, "node",
            List.of(), Ecs.NONE);

    /** Copies the list. */
    public AirflowConfig {
        tags = List.copyOf(tags);
    }

    /**
     * The {@code ecs:} keys; each {@code null} when unset (then an option or environment
     * variable of {@code kiln dag airflow} supplies it).
     *
     * @param cluster         {@code cluster}
     * @param taskDefinition  {@code task_definition} (family or family:revision)
     * @param container       {@code container}: the container name in the task definition
     * @param subnets         {@code subnets}
     * @param securityGroups  {@code security_groups}
     * @param logGroup        {@code log_group}: the CloudWatch log group of the container
     * @param logStreamPrefix {@code log_stream_prefix}: the awslogs stream prefix (then the container name)
     * @param region          {@code region}
     * @param awsConnId       {@code aws_conn_id}: the Airflow connection to AWS
     * @param assignPublicIp  {@code assign_public_ip}: {@code ENABLED} or {@code DISABLED}
     */
    public record Ecs(String cluster, String taskDefinition, String container, List<String> subnets,
                      List<String> securityGroups, String logGroup, String logStreamPrefix, String region,
                      String awsConnId, String assignPublicIp) {

        /** No ECS key set. */
        public static final Ecs NONE = new Ecs(null, null, null, List.of(), List.of(), null, null, null, null, null);

        /** Copies the lists. */
        public Ecs {
            subnets = List.copyOf(subnets);
            securityGroups = List.copyOf(securityGroups);
        }
    }
}
