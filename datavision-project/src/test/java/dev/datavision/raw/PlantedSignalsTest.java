package dev.datavision.raw;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The behaviour planted in the default dataset is visible with plain SQL, and the ground truth is consistent. */
class PlantedSignalsTest {

    private static Sql sql;

    @BeforeAll
    static void open() throws Exception {
        sql = new Sql(Datasets.defaultDataset());
        // Features a reasonable churn model would compute from the raw layer only.
        sql.execute("""
                CREATE TABLE churn_features AS
                WITH paying AS (SELECT user_id, will_churn FROM user_truth WHERE is_paying_at_as_of),
                s AS (SELECT user_id,
                        count(*) FILTER (WHERE started_at >= %1$s - INTERVAL 30 DAY) AS s30,
                        count(*) FILTER (WHERE started_at < %1$s - INTERVAL 30 DAY
                                           AND started_at >= %1$s - INTERVAL 90 DAY) AS s60,
                        date_diff('day', max(started_at), %1$s) AS recency
                      FROM sessions GROUP BY 1),
                f AS (SELECT user_id, count(DISTINCT payment_id) FILTER (WHERE lower(status) = 'failed'
                        AND paid_at >= %1$s - INTERVAL 60 DAY) AS failed FROM payments GROUP BY 1),
                d AS (SELECT user_id, count(*) AS downgrades FROM plan_changes
                      WHERE change_type = 'downgrade' AND changed_at >= %1$s - INTERVAL 90 DAY GROUP BY 1)
                SELECT user_id, will_churn, coalesce(s30, 0) s30, coalesce(s60, 0) s60, coalesce(recency, 999) recency,
                       coalesce(failed, 0) failed, coalesce(downgrades, 0) downgrades
                FROM paying LEFT JOIN s USING (user_id) LEFT JOIN f USING (user_id) LEFT JOIN d USING (user_id)
                """.formatted(Sql.AS_OF));
    }

    @AfterAll
    static void close() throws Exception {
        sql.close();
    }

    @Test
    void thereAreEnoughPayingUsersAndChurnersToEvaluateAModel() throws Exception {
        assertThat(sql.count("SELECT count(*) FROM churn_features")).isBetween(250L, 700L);
        assertThat(sql.count("SELECT count(*) FROM churn_features WHERE will_churn")).isBetween(20L, 80L);
    }

    @Test
    void churnersFadeInTheLastThirtyDays() throws Exception {
        double churners = sql.number("SELECT avg(s30 / (s60 / 2.0 + 1)) FROM churn_features WHERE will_churn AND s60 > 10");
        double others = sql.number("SELECT avg(s30 / (s60 / 2.0 + 1)) FROM churn_features WHERE NOT will_churn AND s60 > 10");
        assertThat(churners).isLessThan(0.75 * others);
        assertThat(sql.number("SELECT avg(recency) FROM churn_features WHERE will_churn"))
                .isGreaterThan(sql.number("SELECT avg(recency) FROM churn_features WHERE NOT will_churn"));
    }

    @Test
    void failedPaymentsAndDowngradesAreMoreCommonBeforeChurn() throws Exception {
        assertThat(sql.number("SELECT avg(failed) FROM churn_features WHERE will_churn"))
                .isGreaterThan(2 * sql.number("SELECT avg(failed) FROM churn_features WHERE NOT will_churn"));
        assertThat(sql.number("SELECT avg(downgrades) FROM churn_features WHERE will_churn"))
                .isGreaterThan(sql.number("SELECT avg(downgrades) FROM churn_features WHERE NOT will_churn"));
    }

    @Test
    void aSimpleSqlScoreReachesAucOfAtLeast075() throws Exception {
        sql.execute("""
                CREATE TABLE churn_scores AS SELECT will_churn,
                  (s60 / 2.0 + 1) / (s30 + 1) + 0.5 * failed + 0.5 * downgrades + least(recency, 60) / 30.0 AS score
                FROM churn_features""");
        double auc = sql.number("""
                WITH r AS (SELECT will_churn, rank() OVER (ORDER BY score) AS rk FROM churn_scores),
                c AS (SELECT count(*) FILTER (WHERE will_churn) p, count(*) FILTER (WHERE NOT will_churn) n,
                             sum(rk) FILTER (WHERE will_churn) rank_sum FROM r)
                SELECT (rank_sum - p * (p + 1) / 2.0) / (p * n) FROM c""");
        assertThat(auc).isGreaterThanOrEqualTo(0.75);
    }

    @Test
    void heavyFreeUsersConvertMore() throws Exception {
        double heavy = sql.number("SELECT avg(will_convert::INT) FROM user_truth WHERE is_heavy_free_user");
        double light = sql.number("SELECT avg(will_convert::INT) FROM user_truth WHERE plan_at_as_of = 'free' AND NOT is_heavy_free_user");
        assertThat(heavy).isGreaterThan(3 * light);
        assertThat(sql.number("SELECT avg(propensity_to_convert) FROM user_truth WHERE is_heavy_free_user"))
                .isGreaterThan(3 * sql.number("SELECT avg(propensity_to_convert) FROM user_truth WHERE plan_at_as_of = 'free' AND NOT is_heavy_free_user"));
    }

    @Test
    void freeUsersNearTheLimitUpgradeMoreInTheHistory() throws Exception {
        sql.execute("""
                CREATE TABLE free_months AS
                WITH c AS (SELECT creator_id AS user_id, date_trunc('month', created_at) AS m, count(*) n FROM contents GROUP BY ALL),
                conv AS (SELECT user_id, min(changed_at) AS first_conversion FROM plan_changes
                         WHERE from_plan = 'free' AND change_type = 'upgrade' GROUP BY 1)
                SELECT c.*, coalesce(first_conversion >= m + INTERVAL 1 MONTH AND first_conversion < m + INTERVAL 2 MONTH, false) AS converted_next_month
                FROM c LEFT JOIN conv USING (user_id)
                WHERE (first_conversion IS NULL OR first_conversion >= m + INTERVAL 1 MONTH) AND m < TIMESTAMP '2026-10-01'""");
        double near = sql.number("SELECT avg(converted_next_month::INT) FROM free_months WHERE n >= 4");
        double far = sql.number("SELECT avg(converted_next_month::INT) FROM free_months WHERE n < 4");
        assertThat(near).isGreaterThan(2.5 * far);
    }

    @Test
    void conversionCampaignClicksAreFollowedByConversions() throws Exception {
        long converted = sql.count("""
                SELECT count(*) FROM campaign_events e JOIN campaigns c USING (campaign_id)
                WHERE c.goal = 'conversion' AND e.event_type = 'converted'""");
        assertThat(converted).isPositive();
        // Clickers convert within 14 days far more often than eligible users left out of the audience.
        sql.execute("""
                CREATE TABLE campaign_outcomes AS
                WITH latest_users AS (SELECT * FROM users QUALIFY row_number() OVER (PARTITION BY user_id ORDER BY updated_at DESC) = 1),
                eligible AS (
                  SELECT c.campaign_id, s.user_id, c.started_at FROM campaigns c
                  JOIN subscriptions s ON s.plan_id = 1 AND s.started_at <= c.started_at
                   AND coalesce(s.ended_at, TIMESTAMP '9999-01-01') > c.started_at
                  JOIN latest_users u ON u.user_id = s.user_id AND u.marketing_opt_in
                  WHERE c.goal = 'conversion' AND c.channel = 'email' AND c.started_at < %1$s - INTERVAL 14 DAY),
                ev AS (SELECT campaign_id, user_id, bool_or(event_type = 'sent') sent, bool_or(event_type = 'clicked') clicked
                       FROM campaign_events GROUP BY ALL),
                conv AS (SELECT user_id, changed_at FROM plan_changes WHERE from_plan = 'free' AND change_type = 'upgrade')
                SELECT e.campaign_id, e.user_id, coalesce(ev.sent, false) sent, coalesce(ev.clicked, false) clicked,
                       EXISTS (SELECT 1 FROM conv WHERE conv.user_id = e.user_id AND conv.changed_at >= e.started_at
                               AND conv.changed_at < e.started_at + INTERVAL 14 DAY) converted
                FROM eligible e LEFT JOIN ev USING (campaign_id, user_id)""".formatted(Sql.AS_OF));
        double holdoutShare = sql.number("SELECT avg((NOT sent)::INT) FROM campaign_outcomes");
        assertThat(holdoutShare).isBetween(0.1, 0.35);
        double clicked = sql.number("SELECT avg(converted::INT) FROM campaign_outcomes WHERE clicked");
        double holdout = sql.number("SELECT avg(converted::INT) FROM campaign_outcomes WHERE NOT sent");
        assertThat(clicked).isGreaterThan(3 * holdout);
    }

    @Test
    void groundTruthFollowsItsDefinitions() throws Exception {
        assertThat(sql.count("SELECT count(*) FROM user_truth WHERE (will_churn IS NOT NULL) <> is_paying_at_as_of")).isZero();
        assertThat(sql.count("SELECT count(*) FROM user_truth WHERE is_paying_at_as_of <> coalesce(plan_at_as_of IN ('premium', 'enterprise'), false)")).isZero();
        assertThat(sql.count("SELECT count(*) FROM user_truth WHERE will_churn AND NOT (churn_at >= " + Sql.AS_OF
                + " AND churn_at < " + Sql.AS_OF + " + INTERVAL 30 DAY)")).isZero();
        assertThat(sql.count("SELECT count(*) FROM user_truth WHERE (churn_at IS NOT NULL) <> coalesce(will_churn, false)")).isZero();
        assertThat(sql.count("SELECT count(*) FROM user_truth WHERE fade_started_at IS NOT NULL AND (NOT will_churn OR fade_started_at >= churn_at)")).isZero();
        assertThat(sql.count("SELECT count(*) FROM user_truth WHERE (will_convert IS NOT NULL) <> (plan_at_as_of = 'free')")).isZero();
        assertThat(sql.count("SELECT count(*) FROM user_truth WHERE (will_upsell IS NOT NULL) <> (plan_at_as_of = 'premium')")).isZero();
        assertThat(sql.count("SELECT count(*) FROM user_truth WHERE propensity_to_convert NOT BETWEEN 0 AND 1")).isZero();
        assertThat(sql.count("SELECT count(*) FROM user_truth WHERE is_heavy_free_user <> (plan_at_as_of = 'free' AND contents_last_90_days >= 10)")).isZero();
        // contents_last_90_days can be recomputed from the raw layer.
        assertThat(sql.count("""
                SELECT count(*) FROM user_truth t LEFT JOIN (
                  SELECT creator_id AS user_id, count(*) n FROM contents
                  WHERE created_at >= %1$s - INTERVAL 90 DAY GROUP BY 1) c USING (user_id)
                WHERE t.contents_last_90_days <> coalesce(c.n, 0)""".formatted(Sql.AS_OF))).isZero();
        // Users deleted before as_of have no plan at as_of.
        assertThat(sql.count("""
                SELECT count(*) FROM user_truth t JOIN users u USING (user_id)
                WHERE u.is_deleted AND t.plan_at_as_of IS NOT NULL""")).isZero();
        // The plan at as_of is the plan of the active subscription.
        assertThat(sql.count("""
                SELECT count(*) FROM user_truth t JOIN subscriptions s ON s.user_id = t.user_id AND s.status = 'active'
                JOIN plans p USING (plan_id) WHERE p.name <> t.plan_at_as_of""")).isZero();
    }
}
