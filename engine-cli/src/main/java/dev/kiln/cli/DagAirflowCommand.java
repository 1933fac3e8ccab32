package dev.kiln.cli;

import dev.kiln.AirflowConfig;
import dev.kiln.ErrorCode;
import dev.kiln.Kiln;
import dev.kiln.KilnException;
import dev.kiln.cli.airflow.AirflowPlan;
import dev.kiln.cli.airflow.AirflowPlanner;
import dev.kiln.cli.airflow.DagFileWriter;
import dev.kiln.cli.airflow.DagSettings;
import dev.kiln.cli.airflow.GroupBy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kiln dag airflow}: prints (or writes, {@code -o}) an Airflow 2 DAG file that runs the
 * selected nodes as ECS Fargate tasks of the project's container, grouped like Astronomer
 * Cosmos. Each setting comes from its option, else from {@code kiln.yml}'s {@code airflow:}
 * section, else (for ECS settings) from an environment variable that the DAG file reads when
 * Airflow parses it. See {@code docs/production.md}.
 */
@Command(name = "airflow", description = "Print an Airflow 2 DAG that runs the project as ECS Fargate tasks "
        + "(EcsRunTaskOperator), one task group per node, folder or tag.")
public final class DagAirflowCommand extends KilnSubcommand {

    @Mixin
    SelectionOptions selection;

    @Option(names = "--group-by", paramLabel = "node|folder|tag",
            description = "One task group per node (default), per folder, or per first tag (airflow.group_by).")
    String groupBy;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the DAG file here instead of stdout.")
    Path output;

    @Option(names = "--dag-id", paramLabel = "ID", description = "The DAG id (airflow.dag_id; default: the project name).")
    String dagId;

    @Option(names = "--schedule", paramLabel = "CRON", description = "Cron expression or preset (airflow.schedule).")
    String schedule;

    @Option(names = "--retries", paramLabel = "N", description = "Airflow retries of each build task (airflow.retries; default 2).")
    Integer retries;

    @Option(names = "--retry-delay", paramLabel = "SECONDS", description = "Seconds between Airflow retries (airflow.retry_delay; default 300).")
    Integer retryDelay;

    @Option(names = "--cluster", paramLabel = "NAME", description = "ECS cluster (airflow.ecs.cluster, else $KILN_ECS_CLUSTER).")
    String cluster;

    @Option(names = "--task-definition", paramLabel = "FAMILY[:REV]",
            description = "ECS task definition (airflow.ecs.task_definition, else $KILN_ECS_TASK_DEFINITION).")
    String taskDefinition;

    @Option(names = "--container", paramLabel = "NAME",
            description = "Container name in the task definition (airflow.ecs.container, else $KILN_ECS_CONTAINER, else kiln).")
    String container;

    @Option(names = "--subnets", paramLabel = "ID", split = ",",
            description = "Subnet ids (airflow.ecs.subnets, else $KILN_ECS_SUBNETS, comma-separated).")
    List<String> subnets;

    @Option(names = "--security-groups", paramLabel = "ID", split = ",",
            description = "Security group ids (airflow.ecs.security_groups, else $KILN_ECS_SECURITY_GROUPS).")
    List<String> securityGroups;

    @Option(names = "--log-group", paramLabel = "NAME",
            description = "CloudWatch log group of the container (airflow.ecs.log_group, else $KILN_ECS_LOG_GROUP).")
    String logGroup;

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region (airflow.ecs.region, else $KILN_ECS_REGION, else the connection's).")
    String region;

    @Option(names = "--aws-conn-id", paramLabel = "ID",
            description = "Airflow connection to AWS (airflow.ecs.aws_conn_id; default aws_default).")
    String awsConnId;

    @Option(names = "--container-project-dir", paramLabel = "DIR",
            description = "The project directory inside the container, when it is not the image's working directory.")
    String containerProjectDir;

    @Override
    protected int execute(Terminal terminal) throws IOException {
        try (Kiln kiln = load(terminal)) {
            AirflowConfig cfg = kiln.project().config().airflow();
            GroupBy by = GroupBy.parse(groupBy == null ? cfg.groupBy() : groupBy);
            if (by == null) {
                throw new ParameterException(spec.commandLine(), "--group-by must be node, folder or tag, not '"
                        + groupBy + "'.");
            }
            AirflowPlan plan = AirflowPlanner.plan(kiln.compile(), kiln.list(selection.toSelection()), by);
            String text = DagFileWriter.write(plan, settings(kiln.project().name(), cfg));
            if (output == null) {
                terminal.out().print(text);
            } else {
                write(output, text);
                terminal.note("Wrote " + plan.groups().size() + " task groups to " + output + ".");
            }
        }
        return 0;
    }

    private DagSettings settings(String project, AirflowConfig cfg) {
        AirflowConfig.Ecs ecs = cfg.ecs();
        List<String> tags = cfg.tags().isEmpty() ? List.of("kiln", project) : cfg.tags();
        List<String> kilnOptions = new ArrayList<>();
        if (options().target() != null) {
            kilnOptions.addAll(List.of("--target", options().target()));
        }
        if (options().vars != null && !options().vars.values().isEmpty()) {
            try {
                kilnOptions.addAll(List.of("--vars",
                        new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(options().vars.values())));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new KilnException(ErrorCode.USAGE, "--vars cannot be passed on to the DAG's tasks: " + e.getMessage(), e);
            }
        }
        if (containerProjectDir != null) {
            kilnOptions.addAll(List.of("--project-dir", containerProjectDir));
        }
        DagSettings.Ecs e = new DagSettings.Ecs(
                text(cluster, ecs.cluster(), "os.environ[\"KILN_ECS_CLUSTER\"]"),
                text(taskDefinition, ecs.taskDefinition(), "os.environ[\"KILN_ECS_TASK_DEFINITION\"]"),
                text(container, ecs.container(), "os.environ.get(\"KILN_ECS_CONTAINER\", \"kiln\")"),
                ids(subnets, ecs.subnets(), "os.environ[\"KILN_ECS_SUBNETS\"].split(\",\")"),
                ids(securityGroups, ecs.securityGroups(),
                        "[g for g in os.environ.get(\"KILN_ECS_SECURITY_GROUPS\", \"\").split(\",\") if g]"),
                text(null, ecs.assignPublicIp(), "\"DISABLED\""),
                text(logGroup, ecs.logGroup(), "os.environ.get(\"KILN_ECS_LOG_GROUP\")"),
                text(null, ecs.logStreamPrefix(), "\"ecs\""),
                text(region, ecs.region(), "os.environ.get(\"KILN_ECS_REGION\")"),
                text(awsConnId, ecs.awsConnId(), "\"aws_default\""));
        return new DagSettings(project, dagId != null ? dagId : cfg.dagId() != null ? cfg.dagId() : project,
                schedule != null ? schedule : cfg.schedule(), cfg.startDate(), cfg.catchup(),
                nonNegative(retries, cfg.retries(), "--retries"), nonNegative(retryDelay, cfg.retryDelay(), "--retry-delay"),
                tags, e, kilnOptions);
    }

    private int nonNegative(Integer option, int fallback, String name) {
        if (option != null && option < 0) {
            throw new ParameterException(spec.commandLine(), name + " must be 0 or more.");
        }
        return option == null ? fallback : option;
    }

    /** The option, else the kiln.yml value, as a literal; else the fallback expression. */
    private static String text(String option, String configured, String fallback) {
        String v = option != null && !option.isBlank() ? option : configured;
        return v == null ? fallback : dev.kiln.cli.airflow.PythonText.literal(v);
    }

    private static String ids(List<String> option, List<String> configured, String fallback) {
        List<String> v = option != null && !option.isEmpty() ? option.stream().map(String::strip).filter(s -> !s.isEmpty()).toList()
                : configured;
        return v.isEmpty() ? fallback : dev.kiln.cli.airflow.PythonText.list(v);
    }

    /** Writes through a temporary file and a rename: a reader never sees half a DAG. */
    private static void write(Path file, String text) {
        Path abs = file.toAbsolutePath();
        try {
            Files.createDirectories(abs.getParent());
            Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new KilnException(ErrorCode.IO, "Cannot write " + file + ": " + e.getMessage()
                    + ". Check that the folder is writable.", e);
        }
    }

}
