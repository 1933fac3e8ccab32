package dev.datavision.raw;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Schema, referential integrity and time consistency of the default dataset. */
class RawIntegrityTest {

    private static Sql sql;

    @BeforeAll
    static void open() throws Exception {
        sql = new Sql(Datasets.defaultDataset());
    }

    @AfterAll
    static void close() throws Exception {
        sql.close();
    }

    @Test
    void tablesHaveTheDocumentedColumnsAndTypes() throws Exception {
        assertThat(sql.columns("plans")).containsExactly("plan_id BIGINT", "name VARCHAR", "monthly_price DECIMAL(10,2)",
                "currency VARCHAR", "monthly_content_limit INTEGER", "max_collaborators INTEGER",
                "created_at TIMESTAMP", "updated_at TIMESTAMP");
        assertThat(sql.columns("users")).containsExactly("user_id BIGINT", "email VARCHAR", "full_name VARCHAR",
                "country VARCHAR", "signup_at TIMESTAMP", "acquisition_channel VARCHAR", "referrer_id BIGINT",
                "marketing_opt_in BOOLEAN", "updated_at TIMESTAMP", "is_deleted BOOLEAN");
        assertThat(sql.columns("payments")).containsExactly("payment_id BIGINT", "user_id BIGINT",
                "subscription_id BIGINT", "amount DECIMAL(10,2)", "currency VARCHAR", "status VARCHAR",
                "paid_at TIMESTAMP", "failure_reason VARCHAR", "payment_method VARCHAR");
        assertThat(sql.columns("content_interactions")).containsExactly("interaction_id BIGINT", "user_id BIGINT",
                "content_id BIGINT", "session_id BIGINT", "interaction_type VARCHAR", "occurred_at TIMESTAMP",
                "duration_seconds INTEGER");
        for (Table table : Table.values()) {
            assertThat(String.join(", ", sql.columns(table.tableName))).as(table.tableName).isEqualTo(table.columns);
            assertThat(sql.count("SELECT count(*) FROM " + table.tableName)).as(table.tableName).isPositive();
        }
    }

    @Test
    void plansCarryPricesAndLimits() throws Exception {
        assertThat(sql.strings("SELECT name || ':' || monthly_price || ':' || coalesce(monthly_content_limit::VARCHAR, 'unlimited') "
                + "FROM plans ORDER BY plan_id")).containsExactly("free:0.00:5", "premium:12.00:50", "enterprise:49.00:unlimited");
    }

    @Test
    void everyReferenceResolves() throws Exception {
        String[] orphans = {
            "SELECT count(*) FROM subscriptions s ANTI JOIN users u USING (user_id)",
            "SELECT count(*) FROM subscriptions s ANTI JOIN plans p USING (plan_id)",
            "SELECT count(*) FROM payments p ANTI JOIN users u USING (user_id)",
            "SELECT count(*) FROM payments p ANTI JOIN subscriptions s USING (subscription_id)",
            "SELECT count(*) FROM payments p JOIN subscriptions s USING (subscription_id) WHERE p.user_id <> s.user_id",
            "SELECT count(*) FROM plan_changes c ANTI JOIN users u USING (user_id)",
            "SELECT count(*) FROM contents c ANTI JOIN users u ON c.creator_id = u.user_id",
            "SELECT count(*) FROM sessions s ANTI JOIN users u USING (user_id)",
            "SELECT count(*) FROM content_interactions i ANTI JOIN users u USING (user_id)",
            "SELECT count(*) FROM content_interactions i ANTI JOIN contents c USING (content_id)",
            "SELECT count(*) FROM content_interactions i ANTI JOIN sessions s USING (session_id)",
            "SELECT count(*) FROM content_interactions i JOIN sessions s USING (session_id) WHERE i.user_id <> s.user_id",
            "SELECT count(*) FROM campaign_events e ANTI JOIN campaigns c USING (campaign_id)",
            "SELECT count(*) FROM campaign_events e ANTI JOIN users u USING (user_id)",
            "SELECT count(*) FROM users u WHERE referrer_id IS NOT NULL AND referrer_id NOT IN (SELECT user_id FROM users)",
            "SELECT count(*) FROM users u JOIN users r ON u.referrer_id = r.user_id WHERE r.signup_at > u.signup_at",
            "SELECT count(*) FROM user_truth t ANTI JOIN users u USING (user_id)",
            "SELECT count(*) FROM content_truth t ANTI JOIN contents c USING (content_id)",
        };
        for (String query : orphans) {
            assertThat(sql.count(query)).as(query).isZero();
        }
    }

    @Test
    void idsAreUniqueApartFromTheDocumentedRedeliveries() throws Exception {
        for (String table : new String[] {"plans:plan_id", "subscriptions:subscription_id", "plan_changes:plan_change_id",
                "contents:content_id", "sessions:session_id", "campaigns:campaign_id", "campaign_events:event_id",
                "user_truth:user_id", "content_truth:content_id"}) {
            String[] t = table.split(":");
            assertThat(sql.count("SELECT count(*) - count(DISTINCT " + t[1] + ") FROM " + t[0])).as(table).isZero();
        }
    }

    @Test
    void nothingHappensAtOrAfterAsOf() throws Exception {
        String[] late = {
            "SELECT count(*) FROM users WHERE signup_at >= " + Sql.AS_OF + " OR updated_at >= " + Sql.AS_OF,
            "SELECT count(*) FROM subscriptions WHERE started_at >= " + Sql.AS_OF + " OR ended_at >= " + Sql.AS_OF,
            "SELECT count(*) FROM plan_changes WHERE changed_at >= " + Sql.AS_OF,
            "SELECT count(*) FROM payments WHERE paid_at >= " + Sql.AS_OF,
            "SELECT count(*) FROM contents WHERE created_at >= " + Sql.AS_OF + " OR published_at >= " + Sql.AS_OF
                    + " OR updated_at >= " + Sql.AS_OF,
            "SELECT count(*) FROM sessions WHERE started_at >= " + Sql.AS_OF + " OR ended_at >= " + Sql.AS_OF,
            "SELECT count(*) FROM content_interactions WHERE occurred_at >= " + Sql.AS_OF,
            "SELECT count(*) FROM campaigns WHERE started_at >= " + Sql.AS_OF,
            "SELECT count(*) FROM campaign_events WHERE occurred_at >= " + Sql.AS_OF,
        };
        for (String query : late) {
            assertThat(sql.count(query)).as(query).isZero();
        }
        assertThat(sql.count("SELECT count(*) FROM users WHERE signup_at < TIMESTAMP '2025-05-01'")).isZero();
    }

    @Test
    void subscriptionsChainWithoutGapsAndEachLiveUserHasOneActive() throws Exception {
        assertThat(sql.count("""
                SELECT count(*) FROM (SELECT DISTINCT user_id FROM users) u
                LEFT JOIN (SELECT user_id, count(*) n FROM subscriptions WHERE status = 'active' GROUP BY 1) a USING (user_id)
                LEFT JOIN (SELECT user_id, bool_or(is_deleted) deleted FROM users GROUP BY 1) d USING (user_id)
                WHERE coalesce(a.n, 0) <> CASE WHEN d.deleted THEN 0 ELSE 1 END""")).isZero();
        assertThat(sql.count("""
                SELECT count(*) FROM (
                  SELECT started_at, lag(ended_at) OVER (PARTITION BY user_id ORDER BY started_at, subscription_id) prev_end,
                         row_number() OVER (PARTITION BY user_id ORDER BY started_at, subscription_id) rn
                  FROM subscriptions) WHERE rn > 1 AND prev_end <> started_at""")).isZero();
        assertThat(sql.count("SELECT count(*) FROM subscriptions WHERE (status = 'active') <> (ended_at IS NULL)")).isZero();
        assertThat(sql.count("SELECT count(*) FROM subscriptions WHERE (status = 'canceled') <> (cancel_reason IS NOT NULL)")).isZero();
        assertThat(sql.count("SELECT count(*) FROM plan_changes WHERE change_type = 'cancel' AND to_plan <> 'free'")).isZero();
    }

    @Test
    void paymentsChargeThePlanPrice() throws Exception {
        assertThat(sql.count("""
                SELECT count(*) FROM payments p JOIN subscriptions s USING (subscription_id) JOIN plans pl USING (plan_id)
                WHERE p.amount <> pl.monthly_price OR pl.name = 'free'""")).isZero();
        assertThat(sql.count("SELECT count(*) FROM payments WHERE (lower(status) = 'failed') <> (failure_reason IS NOT NULL)")).isZero();
    }

    @Test
    void contentsAndInteractionsAreConsistentInTime() throws Exception {
        assertThat(sql.count("SELECT count(*) FROM contents WHERE published_at < created_at")).isZero();
        assertThat(sql.count("SELECT count(*) FROM contents WHERE (status = 'draft') <> (published_at IS NULL)")).isZero();
        assertThat(sql.count("""
                SELECT count(*) FROM content_interactions i JOIN contents c USING (content_id)
                WHERE c.published_at IS NULL OR i.occurred_at < c.published_at""")).isZero();
        assertThat(sql.count("""
                SELECT count(*) FROM content_interactions i JOIN sessions s USING (session_id)
                WHERE i.occurred_at < s.started_at OR i.occurred_at > s.ended_at""")).isZero();
        assertThat(sql.count("SELECT count(*) FROM sessions WHERE ended_at < started_at")).isZero();
    }

    @Test
    void freePlanLimitIsNeverExceeded() throws Exception {
        assertThat(sql.count("""
                SELECT count(*) FROM (
                  SELECT c.creator_id, date_trunc('month', c.created_at) m, count(*) n
                  FROM contents c JOIN subscriptions s ON s.user_id = c.creator_id
                   AND c.created_at >= s.started_at AND c.created_at < coalesce(s.ended_at, TIMESTAMP '9999-01-01')
                  WHERE s.plan_id = 1 AND s.started_at <= date_trunc('month', c.created_at)
                    AND coalesce(s.ended_at, TIMESTAMP '9999-01-01') >= date_trunc('month', c.created_at) + INTERVAL 1 MONTH
                  GROUP BY ALL) WHERE n > 5""")).isZero();
    }
}
