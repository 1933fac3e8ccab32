package dev.datavision.raw;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The data-quality defects documented in docs/datavision-raw.md are present, and cleanable as documented. */
class DefectsTest {

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
    void interactionsAndPaymentsAreSometimesDeliveredTwiceAsIdenticalRows() throws Exception {
        double interactionDuplicates = sql.number("SELECT 1 - count(DISTINCT interaction_id) / count(*) FROM content_interactions");
        assertThat(interactionDuplicates).isBetween(0.002, 0.01);
        assertThat(sql.count("SELECT count(DISTINCT interaction_id) - count(*) FROM (SELECT DISTINCT * FROM content_interactions)")).isZero();
        long paymentDuplicates = sql.count("SELECT count(*) - count(DISTINCT payment_id) FROM payments");
        assertThat(paymentDuplicates).isPositive();
        assertThat(sql.count("SELECT count(DISTINCT payment_id) - count(*) FROM (SELECT DISTINCT * FROM payments)")).isZero();
    }

    @Test
    void someUsersAreExportedInSeveralVersionsAndTheLatestWins() throws Exception {
        long versions = sql.count("SELECT count(*) - count(DISTINCT user_id) FROM users");
        assertThat(versions).isPositive();
        assertThat(sql.count("SELECT count(*) FROM (SELECT user_id, updated_at FROM users GROUP BY ALL HAVING count(*) > 1)")).isZero();
        assertThat(sql.count("""
                SELECT count(*) FROM (SELECT * FROM users QUALIFY row_number() OVER (PARTITION BY user_id ORDER BY updated_at DESC) = 1)""")).isEqualTo(3000);
    }

    @Test
    void emailsNeedTrimmingAndLowerCasing() throws Exception {
        assertThat(sql.count("SELECT count(*) FROM users WHERE email <> trim(email)")).isPositive();
        assertThat(sql.count("SELECT count(*) FROM users WHERE email <> lower(email)")).isPositive();
        assertThat(sql.count("SELECT count(*) FROM users WHERE NOT regexp_full_match(lower(trim(email)), '[a-z.]+[0-9]+@[a-z.-]+')")).isZero();
        assertThat(sql.count("""
                SELECT count(DISTINCT lower(trim(email))) FROM
                (SELECT * FROM users QUALIFY row_number() OVER (PARTITION BY user_id ORDER BY updated_at DESC) = 1)""")).isEqualTo(3000);
    }

    @Test
    void someEnumValuesAreNotLowerCaseButLowerCasingCleansThem() throws Exception {
        assertMixedCase("users", "acquisition_channel", "'organic', 'paid_search', 'paid_social', 'referral', 'partner', 'content_share'");
        assertMixedCase("sessions", "device", "'web', 'ios', 'android'");
        assertMixedCase("content_interactions", "interaction_type", "'view', 'like', 'share', 'complete'");
        assertMixedCase("payments", "status", "'succeeded', 'failed', 'refunded'");
        double lowerCurrency = sql.number("SELECT avg((currency = 'usd')::INT) FROM payments");
        assertThat(lowerCurrency).isBetween(0.001, 0.02);
        assertThat(sql.strings("SELECT DISTINCT upper(currency) FROM payments")).containsExactly("USD");
    }

    @Test
    void otherEnumsAreClean() throws Exception {
        assertThat(sql.strings("SELECT DISTINCT status FROM subscriptions ORDER BY 1")).containsExactly("active", "canceled", "ended");
        assertThat(sql.strings("SELECT DISTINCT change_type FROM plan_changes ORDER BY 1")).containsExactly("cancel", "downgrade", "upgrade");
        assertThat(sql.strings("SELECT DISTINCT content_type FROM contents ORDER BY 1")).containsExactly("article", "project", "quiz", "timeline");
        assertThat(sql.strings("SELECT DISTINCT status FROM contents ORDER BY 1")).containsExactly("archived", "draft", "published");
        assertThat(sql.strings("SELECT DISTINCT event_type FROM campaign_events ORDER BY 1")).containsExactly("clicked", "converted", "opened", "sent");
        assertThat(sql.strings("SELECT DISTINCT channel FROM campaigns ORDER BY 1")).containsExactly("email", "in_app");
        assertThat(sql.strings("SELECT DISTINCT goal FROM campaigns ORDER BY 1")).containsExactly("conversion", "retention", "upsell");
    }

    @Test
    void aFewSessionsWereNeverClosedAndAFewUsersHaveNoCountry() throws Exception {
        double open = sql.number("SELECT avg((ended_at IS NULL)::INT) FROM sessions");
        assertThat(open).isBetween(0.001, 0.006);
        double noCountry = sql.number("SELECT avg((country IS NULL)::INT) FROM users");
        assertThat(noCountry).isBetween(0.002, 0.03);
        assertThat(sql.count("SELECT count(*) FROM sessions WHERE country IS NULL")).isZero();
    }

    private static void assertMixedCase(String table, String column, String values) throws Exception {
        double share = sql.number("SELECT avg((" + column + " <> lower(" + column + "))::INT) FROM " + table);
        assertThat(share).as(table + "." + column).isBetween(0.002, 0.04);
        assertThat(sql.count("SELECT count(*) FROM " + table + " WHERE lower(" + column + ") NOT IN (" + values + ")"))
                .as(table + "." + column).isZero();
    }
}
