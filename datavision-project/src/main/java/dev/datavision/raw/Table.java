package dev.datavision.raw;

/**
 * Every table the generator writes, with its column definitions (DuckDB types). Raw tables go to the
 * raw directory, truth tables to the ground-truth directory; each table is a folder of
 * {@code part-NNNNN.parquet} files.
 */
enum Table {
    PLANS(Layer.RAW, "plans",
            "plan_id BIGINT, name VARCHAR, monthly_price DECIMAL(10,2), currency VARCHAR, "
            + "monthly_content_limit INTEGER, max_collaborators INTEGER, created_at TIMESTAMP, updated_at TIMESTAMP"),
    USERS(Layer.RAW, "users",
            "user_id BIGINT, email VARCHAR, full_name VARCHAR, country VARCHAR, signup_at TIMESTAMP, "
            + "acquisition_channel VARCHAR, referrer_id BIGINT, marketing_opt_in BOOLEAN, updated_at TIMESTAMP, "
            + "is_deleted BOOLEAN"),
    SUBSCRIPTIONS(Layer.RAW, "subscriptions",
            "subscription_id BIGINT, user_id BIGINT, plan_id BIGINT, status VARCHAR, started_at TIMESTAMP, "
            + "ended_at TIMESTAMP, cancel_reason VARCHAR"),
    PLAN_CHANGES(Layer.RAW, "plan_changes",
            "plan_change_id BIGINT, user_id BIGINT, from_plan VARCHAR, to_plan VARCHAR, change_type VARCHAR, "
            + "changed_at TIMESTAMP"),
    PAYMENTS(Layer.RAW, "payments",
            "payment_id BIGINT, user_id BIGINT, subscription_id BIGINT, amount DECIMAL(10,2), currency VARCHAR, "
            + "status VARCHAR, paid_at TIMESTAMP, failure_reason VARCHAR, payment_method VARCHAR"),
    CONTENTS(Layer.RAW, "contents",
            "content_id BIGINT, creator_id BIGINT, content_type VARCHAR, title VARCHAR, category VARCHAR, "
            + "status VARCHAR, created_at TIMESTAMP, published_at TIMESTAMP, updated_at TIMESTAMP"),
    SESSIONS(Layer.RAW, "sessions",
            "session_id BIGINT, user_id BIGINT, started_at TIMESTAMP, ended_at TIMESTAMP, device VARCHAR, "
            + "country VARCHAR", "started_at"),
    CONTENT_INTERACTIONS(Layer.RAW, "content_interactions",
            "interaction_id BIGINT, user_id BIGINT, content_id BIGINT, session_id BIGINT, interaction_type VARCHAR, "
            + "occurred_at TIMESTAMP, duration_seconds INTEGER", "occurred_at"),
    CAMPAIGNS(Layer.RAW, "campaigns",
            "campaign_id BIGINT, name VARCHAR, channel VARCHAR, goal VARCHAR, target_plan VARCHAR, "
            + "started_at TIMESTAMP, ended_at TIMESTAMP, created_at TIMESTAMP"),
    CAMPAIGN_EVENTS(Layer.RAW, "campaign_events",
            "event_id BIGINT, campaign_id BIGINT, user_id BIGINT, event_type VARCHAR, occurred_at TIMESTAMP"),
    USER_TRUTH(Layer.TRUTH, "user_truth",
            "user_id BIGINT, persona VARCHAR, plan_at_as_of VARCHAR, is_paying_at_as_of BOOLEAN, "
            + "will_churn BOOLEAN, churn_at TIMESTAMP, churn_type VARCHAR, fade_started_at TIMESTAMP, "
            + "will_convert BOOLEAN, converted_at TIMESTAMP, propensity_to_convert DOUBLE, "
            + "is_heavy_free_user BOOLEAN, contents_last_90_days INTEGER, will_upsell BOOLEAN, "
            + "favorite_category VARCHAR, base_sessions_per_day DOUBLE"),
    CONTENT_TRUTH(Layer.TRUTH, "content_truth", "content_id BIGINT, creator_id BIGINT, quality DOUBLE");

    /** Where a table is written. */
    enum Layer { RAW, TRUTH }

    final Layer layer;
    final String tableName;
    final String columns;
    /**
     * The time column each part file is sorted by, or {@code null} (user order). Set on the large event tables
     * that DataVision's incremental models filter by time: sorted parts give each Parquet row group a narrow
     * time range, so a filter on the newest days skips the others (docs/datavision-raw.md, "Layout").
     */
    final String sortedBy;

    Table(Layer layer, String tableName, String columns) {
        this(layer, tableName, columns, null);
    }

    Table(Layer layer, String tableName, String columns, String sortedBy) {
        this.layer = layer;
        this.tableName = tableName;
        this.columns = columns;
        this.sortedBy = sortedBy;
    }

    /** The number of columns. */
    int columnCount() {
        return columns.split(",").length;
    }
}
