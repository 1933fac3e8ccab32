package dev.datavision.ops;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The tables of DataVision's application database (PostgreSQL, schema {@code public}), and how each
 * one looks at a moment of the simulated history.
 *
 * <p>Every table has a primary key and an {@code updated_at} column: the time of the row's last
 * change, always earlier than the clock. {@link #state} is the table as the application holds it at
 * a cutoff instant {@code {t}}: rows that exist before it, with the values they had then (a
 * subscription that ends later is still active, a content published later is still a draft, a user
 * deleted later is not deleted yet). A row whose state differs between two instants has
 * {@code updated_at} at or after the earlier one, so {@code updated_at} is a sound incremental cursor.
 * At as_of the state is the generator's export itself, re-deliveries and old versions removed.
 */
enum AppTable {
    PLANS("plans", "plan_id",
            "plan_id BIGINT, name TEXT, monthly_price NUMERIC(10,2), currency TEXT, monthly_content_limit INTEGER, "
            + "max_collaborators INTEGER, created_at TIMESTAMP, updated_at TIMESTAMP",
            "SELECT plan_id, name, monthly_price, currency, monthly_content_limit, max_collaborators, created_at, "
            + "updated_at FROM history_plans WHERE created_at < {t}"),
    USERS("users", "user_id",
            "user_id BIGINT, email TEXT, full_name TEXT, country TEXT, signup_at TIMESTAMP, acquisition_channel TEXT, "
            + "referrer_id BIGINT, marketing_opt_in BOOLEAN, updated_at TIMESTAMP, is_deleted BOOLEAN",
            "SELECT user_id, email, full_name, country, signup_at, acquisition_channel, referrer_id, marketing_opt_in, "
            + "CASE WHEN updated_at < {t} THEN updated_at ELSE signup_at END AS updated_at, "
            + "CASE WHEN updated_at < {t} THEN is_deleted ELSE false END AS is_deleted "
            + "FROM (SELECT *, row_number() OVER (PARTITION BY user_id ORDER BY updated_at DESC, is_deleted DESC, email)"
            + " AS version_rank FROM history_users) WHERE version_rank = 1 AND signup_at < {t}"),
    SUBSCRIPTIONS("subscriptions", "subscription_id",
            "subscription_id BIGINT, user_id BIGINT, plan_id BIGINT, status TEXT, started_at TIMESTAMP, "
            + "ended_at TIMESTAMP, cancel_reason TEXT, updated_at TIMESTAMP",
            "SELECT subscription_id, user_id, plan_id, "
            + "CASE WHEN ended_at IS NULL OR ended_at < {t} THEN status ELSE 'active' END AS status, started_at, "
            + "CASE WHEN ended_at < {t} THEN ended_at END AS ended_at, "
            + "CASE WHEN ended_at < {t} THEN cancel_reason END AS cancel_reason, "
            + "CASE WHEN ended_at < {t} THEN greatest(started_at, ended_at) ELSE started_at END AS updated_at "
            + "FROM history_subscriptions WHERE started_at < {t}"),
    PLAN_CHANGES("plan_changes", "plan_change_id",
            "plan_change_id BIGINT, user_id BIGINT, from_plan TEXT, to_plan TEXT, change_type TEXT, "
            + "changed_at TIMESTAMP, updated_at TIMESTAMP",
            "SELECT plan_change_id, user_id, from_plan, to_plan, change_type, changed_at, changed_at AS updated_at "
            + "FROM history_plan_changes WHERE changed_at < {t}"),
    PAYMENTS("payments", "payment_id",
            "payment_id BIGINT, user_id BIGINT, subscription_id BIGINT, amount NUMERIC(10,2), currency TEXT, "
            + "status TEXT, paid_at TIMESTAMP, failure_reason TEXT, payment_method TEXT, updated_at TIMESTAMP",
            "SELECT payment_id, user_id, subscription_id, amount, currency, status, paid_at, failure_reason, "
            + "payment_method, paid_at AS updated_at FROM (SELECT *, row_number() OVER (PARTITION BY payment_id "
            + "ORDER BY paid_at) AS delivery_rank FROM history_payments) WHERE delivery_rank = 1 AND paid_at < {t}"),
    CONTENTS("contents", "content_id",
            "content_id BIGINT, creator_id BIGINT, content_type TEXT, title TEXT, category TEXT, status TEXT, "
            + "created_at TIMESTAMP, published_at TIMESTAMP, updated_at TIMESTAMP",
            "SELECT content_id, creator_id, content_type, title, category, "
            + "CASE WHEN updated_at < {t} THEN status WHEN published_at < {t} THEN 'published' ELSE 'draft' END "
            + "AS status, created_at, CASE WHEN published_at < {t} THEN published_at END AS published_at, "
            + "CASE WHEN updated_at < {t} THEN updated_at "
            + "WHEN published_at < {t} THEN published_at ELSE created_at END AS updated_at "
            + "FROM history_contents WHERE created_at < {t}"),
    CONTENT_INTERACTIONS("content_interactions", "interaction_id",
            "interaction_id BIGINT, user_id BIGINT, content_id BIGINT, session_id BIGINT, interaction_type TEXT, "
            + "occurred_at TIMESTAMP, duration_seconds INTEGER, updated_at TIMESTAMP",
            "SELECT interaction_id, user_id, content_id, session_id, interaction_type, occurred_at, duration_seconds, "
            + "occurred_at AS updated_at FROM (SELECT *, row_number() OVER (PARTITION BY interaction_id "
            + "ORDER BY occurred_at) AS delivery_rank FROM history_content_interactions) "
            + "WHERE delivery_rank = 1 AND occurred_at < {t}");

    final String tableName;
    final String primaryKey;
    final String columns;
    private final String state;

    AppTable(String tableName, String primaryKey, String columns, String state) {
        this.tableName = tableName;
        this.primaryKey = primaryKey;
        this.columns = columns;
        this.state = state;
    }

    /** The table's rows at the cutoff (a SQL timestamp literal), in primary-key order. */
    String state(String cutoff) {
        return state.replace("{t}", cutoff) + " ORDER BY " + primaryKey;
    }

    /** The rows that changed or appeared in [from, to): the state at {@code to} updated at or after {@code from}. */
    String changes(String from, String to) {
        return "SELECT * FROM (" + state.replace("{t}", to) + ") WHERE updated_at >= " + from
                + " ORDER BY " + primaryKey;
    }

    /** Column names, in order. */
    List<String> columnNames() {
        return Arrays.stream(columns.split(",(?![^(]*\\))")).map(c -> c.trim().split(" ")[0])
                .collect(Collectors.toList());
    }

    /** {@code CREATE TABLE} for PostgreSQL (the primary key is added once the table is filled). */
    String ddl() {
        return "CREATE TABLE " + tableName + " (" + columns + ")";
    }
}
