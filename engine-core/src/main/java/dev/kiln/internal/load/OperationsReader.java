package dev.kiln.internal.load;

import dev.kiln.AirflowConfig;
import dev.kiln.AlertConfig;
import dev.kiln.internal.yaml.YNode;
import dev.kiln.internal.yaml.YamlReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the sections of {@code kiln.yml} that say how the project runs in production:
 * {@code airflow:} ({@link AirflowConfig}) and {@code alerts:} ({@link AlertConfig}). Every
 * problem becomes a diagnostic at the offending key; see {@code docs/production.md}.
 */
final class OperationsReader {

    static final Set<String> AIRFLOW_KEYS = Set.of("dag_id", "schedule", "start_date", "catchup", "retries",
            "retry_delay", "group_by", "tags", "ecs");
    static final Set<String> ECS_KEYS = Set.of("cluster", "task_definition", "container", "subnets",
            "security_groups", "log_group", "log_stream_prefix", "region", "aws_conn_id", "assign_public_ip");
    static final Set<String> ALERT_KEYS = Set.of("webhook", "when");
    static final Set<String> GROUP_BY = Set.of("node", "folder", "tag");

    private final YamlReader reader;

    OperationsReader(YamlReader reader) {
        this.reader = reader;
    }

    AirflowConfig airflow(YNode node) {
        YNode.YMap map = reader.map(node, "'airflow'");
        if (map == null) {
            return AirflowConfig.DEFAULTS;
        }
        reader.checkKeys(map, AIRFLOW_KEYS, "'airflow'");
        AirflowConfig d = AirflowConfig.DEFAULTS;
        String dagId = reader.string(map, "dag_id", "'airflow.dag_id'");
        if (dagId != null && !dagId.matches("[A-Za-z0-9_.\\-]+")) {
            reader.error("bad-value", map.get("dag_id").position(), "airflow.dag_id '" + dagId
                    + "' must be letters, digits, dots, dashes and underscores (Airflow's rule).", null);
            dagId = null;
        }
        String startDate = reader.string(map, "start_date", "'airflow.start_date'");
        if (startDate != null && !startDate.matches("\\d{4}-\\d{2}-\\d{2}")) {
            reader.error("bad-value", map.get("start_date").position(), "airflow.start_date '" + startDate
                    + "' must be a date written YYYY-MM-DD.", "e.g. start_date: '2026-11-01'");
            startDate = null;
        }
        String groupBy = reader.string(map, "group_by", "'airflow.group_by'");
        if (groupBy != null && !GROUP_BY.contains(groupBy)) {
            reader.error("bad-value", map.get("group_by").position(), "airflow.group_by '" + groupBy
                    + "' is not one of node, folder, tag.", null);
            groupBy = null;
        }
        return new AirflowConfig(dagId, reader.string(map, "schedule", "'airflow.schedule'"),
                startDate == null ? d.startDate() : startDate,
                flag(map, "catchup", d.catchup()),
                count(map, "retries", d.retries()),
                count(map, "retry_delay", d.retryDelay()),
                groupBy == null ? d.groupBy() : groupBy,
                map.get("tags") == null ? List.of() : reader.strings(map.get("tags"), "'airflow.tags'"),
                ecs(map.get("ecs")));
    }

    private AirflowConfig.Ecs ecs(YNode node) {
        YNode.YMap map = reader.map(node, "'airflow.ecs'");
        if (map == null) {
            return AirflowConfig.Ecs.NONE;
        }
        reader.checkKeys(map, ECS_KEYS, "'airflow.ecs'");
        return new AirflowConfig.Ecs(text(map, "cluster"), text(map, "task_definition"), text(map, "container"),
                texts(map, "subnets"), texts(map, "security_groups"), text(map, "log_group"),
                text(map, "log_stream_prefix"), text(map, "region"), text(map, "aws_conn_id"),
                text(map, "assign_public_ip"));
    }

    List<AlertConfig> alerts(YNode node) {
        if (node == null) {
            return List.of();
        }
        List<AlertConfig> out = new ArrayList<>();
        for (YNode item : reader.list(node, "'alerts'")) {
            YNode.YMap map = reader.map(item, "an entry of 'alerts'");
            if (map == null) {
                continue;
            }
            reader.checkKeys(map, ALERT_KEYS, "an entry of 'alerts'");
            // present but empty (an unset env_var with '' as default): the alert is off
            String url = map.get("webhook") == null ? reader.required(map, "webhook", "an entry of 'alerts'")
                    : reader.string(map, "webhook", "'webhook'");
            String when = reader.string(map, "when", "'when'");
            if (when != null && !when.equals("failure") && !when.equals("always")) {
                reader.error("bad-value", map.get("when").position(), "alerts: when '" + when
                        + "' is not one of failure, always.", null);
            }
            if (url != null && !url.isBlank() && !url.startsWith("http://") && !url.startsWith("https://")) {
                // the value is a secret: name the key, never echo it
                reader.error("bad-value", map.get("webhook").position(),
                        "alerts: webhook must be an http:// or https:// URL.",
                        "Write webhook: \"${env_var('ALERT_WEBHOOK_URL', '')}\"; an empty value turns the alert off.");
            } else if (url != null && !url.isBlank()) {
                out.add(new AlertConfig(url, "always".equals(when), map.position()));
            }
        }
        return out;
    }

    private String text(YNode.YMap map, String key) {
        String v = reader.string(map, key, "'airflow.ecs." + key + "'");
        return v == null || v.isBlank() ? null : v;
    }

    private List<String> texts(YNode.YMap map, String key) {
        YNode n = map.get(key);
        if (n == null) {
            return List.of();
        }
        if (n instanceof YNode.YScalar) {
            String v = reader.string(n, "'airflow.ecs." + key + "'");
            return v == null || v.isBlank() ? List.of() : List.of(v.split("\\s*,\\s*"));
        }
        return reader.strings(n, "'airflow.ecs." + key + "'");
    }

    private boolean flag(YNode.YMap map, String key, boolean fallback) {
        YNode n = map.get(key);
        if (n == null) {
            return fallback;
        }
        Object v = n.plain();
        if (v instanceof Boolean b) {
            return b;
        }
        if ("true".equals(v) || "false".equals(v)) {
            return Boolean.parseBoolean((String) v);
        }
        reader.error("wrong-type", n.position(), "airflow." + key + " must be true or false.", null);
        return fallback;
    }

    private int count(YNode.YMap map, String key, int fallback) {
        YNode n = map.get(key);
        if (n == null) {
            return fallback;
        }
        Object v = n.plain();
        if (v instanceof Integer i && i >= 0) {
            return i;
        }
        if (v instanceof String s && s.matches("[0-9]{1,9}")) {
            return Integer.parseInt(s);
        }
        reader.error("wrong-type", n.position(), "airflow." + key + " must be a whole number, 0 or more.", null);
        return fallback;
    }
}
