package dev.kiln.internal.analyze;

import dev.kiln.AnalysisReport;
import dev.kiln.AnalysisStatus;
import dev.kiln.ColumnRef;
import dev.kiln.LineageGraph;
import dev.kiln.ModelAnalysis;
import dev.kiln.TableRead;
import dev.kiln.testkit.TempProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineageTest {

    private static final String USERS = "source.shop.raw.users";
    private static final String STG = "model.shop.stg_users";

    @TempDir
    Path dir;

    private TempProject shop() {
        return AnalyzeFixture.project(dir)
                .file("models/sources.yml", """
                        version: 2
                        sources:
                          - name: raw
                            schema: raw
                            tables:
                              - name: users
                                columns: [{name: id}, {name: email}, {name: plan}, {name: created_at}]
                              - name: events
                        """)
                .file("seeds/plans.csv", "plan,price_cents\nfree,0\npremium,900\n")
                .file("models/staging/stg_users.sql", """
                        select id as user_id, email, lower(plan) as plan, created_at
                        from ${source('raw', 'users')}
                        """);
    }

    private static List<String> from(AnalysisReport r, String model, String column) {
        return r.model(model).orElseThrow().columns().stream().filter(c -> c.name().equals(column)).findFirst()
                .orElseThrow(() -> new AssertionError(column + " not in " + r.model(model).orElseThrow().columns()))
                .from().stream().map(d -> d.from() + ":" + d.transform()).toList();
    }

    @Test
    void directAndTransformedColumns() {
        AnalysisReport r = AnalyzeFixture.analyze(shop(), AnalyzeFixture.options());
        ModelAnalysis stg = r.model(STG).orElseThrow();
        assertThat(r.diagnostics()).isEmpty();
        assertThat(stg.status()).isEqualTo(AnalysisStatus.PARSED);
        assertThat(stg.columnNames()).containsExactly("user_id", "email", "plan", "created_at");
        assertThat(from(r, STG, "user_id")).containsExactly(USERS + ".id:direct");
        assertThat(from(r, STG, "plan")).containsExactly(USERS + ".plan:transformed");
        assertThat(stg.tablesRead()).extracting(TableRead::uniqueId).containsExactly(USERS);
    }

    @Test
    void dateDiffAndRangeAreOrdinaryFunctionsNotCalcitesSpecialForms() {
        TempProject p = shop().file("models/tenure.sql", """
                select u.user_id, date_diff('day', u.created_at, d.day) as tenure_days,
                       date_diff('day', created_at, day) as again
                from ${ref('stg_users')} u
                cross join range(date '2026-01-01', date '2026-02-01', interval 1 day) as d(day)
                where 'date_diff(' <> "range"
                """);
        AnalysisReport r = AnalyzeFixture.analyze(p, AnalyzeFixture.options());
        assertThat(r.model("model.shop.tenure").orElseThrow().status()).isEqualTo(AnalysisStatus.PARSED);
        assertThat(from(r, "model.shop.tenure", "tenure_days")).containsExactly(STG + ".created_at:transformed");
        assertThat(from(r, "model.shop.tenure", "again")).containsExactly(STG + ".created_at:transformed");
    }

    @Test
    void throughJoinsAggregatesAndSeeds() {
        TempProject p = shop().file("models/revenue.sql", """
                select u.plan, count(*) as users, sum(p.price_cents) / 100.0 as revenue,
                       max(created_at) as last_signup
                from ${ref('stg_users')} u
                join ${ref('plans')} p on p.plan = u.plan
                group by u.plan
                """);
        AnalysisReport r = AnalyzeFixture.analyze(p, AnalyzeFixture.options());
        String rev = "model.shop.revenue";
        assertThat(from(r, rev, "plan")).containsExactly(STG + ".plan:direct");
        assertThat(from(r, rev, "users")).isEmpty();
        assertThat(from(r, rev, "revenue")).containsExactly("seed.shop.plans.price_cents:transformed");
        assertThat(from(r, rev, "last_signup")).containsExactly(STG + ".created_at:transformed");
    }

    @Test
    void throughCtesSubqueriesAndUnions() {
        TempProject p = shop().file("models/m.sql", """
                with recent (uid, mail) as (
                  select user_id, email from ${ref('stg_users')} where created_at > date '2026-01-01'
                ), ranked as (
                  select uid, mail, row_number() over (partition by mail order by uid) as rn from recent
                )
                select r.uid, upper(r.mail) as mail, (select max(s.created_at) from ${ref('stg_users')} s where s.plan = 'x') as n
                from ranked r where rn = 1
                union all
                select user_id, email, 0 from ${ref('stg_users')}
                """);
        AnalysisReport r = AnalyzeFixture.analyze(p, AnalyzeFixture.options());
        assertThat(r.model("model.shop.m").orElseThrow().columnNames()).containsExactly("uid", "mail", "n");
        assertThat(from(r, "model.shop.m", "uid")).containsExactly(STG + ".user_id:direct");
        // direct in one branch, transformed in the other: transformed
        assertThat(from(r, "model.shop.m", "mail")).containsExactly(STG + ".email:transformed");
        // a scalar subquery: what it selects, not what it filters on
        assertThat(from(r, "model.shop.m", "n")).containsExactly(STG + ".created_at:transformed");
    }

    @Test
    void starExpandsFromUpstreamLineageAndDocumentedColumns() {
        TempProject p = shop()
                .file("models/a.sql", "select * from ${ref('stg_users')}\n")
                .file("models/b.sql", "select a.*, e.* exclude (id) from ${ref('a')} a, ${source('raw', 'events')} e\n");
        AnalysisReport r = AnalyzeFixture.analyze(p, AnalyzeFixture.options());
        ModelAnalysis a = r.model("model.shop.a").orElseThrow();
        assertThat(a.columnNames()).containsExactly("user_id", "email", "plan", "created_at");
        assertThat(from(r, "model.shop.a", "email")).containsExactly(STG + ".email:direct");
        ModelAnalysis b = r.model("model.shop.b").orElseThrow();
        assertThat(b.columnsComplete()).isFalse(); // raw.events documents no columns
        assertThat(b.columnNames()).containsExactly("user_id", "email", "plan", "created_at");
        assertThat(from(r, "model.shop.b", "*")).containsExactly("source.shop.raw.events.*:direct");
    }

    @Test
    void ephemeralModelsAreNodesOfTheirOwn() {
        TempProject p = shop()
                .file("models/eph.sql", "<@config materialized='ephemeral'/>\nselect user_id as id, email from ${ref('stg_users')}\n")
                .file("models/top.sql", "select id, email as contact from ${ref('eph')}\n");
        AnalysisReport r = AnalyzeFixture.analyze(p, AnalyzeFixture.options());
        assertThat(from(r, "model.shop.eph", "id")).containsExactly(STG + ".user_id:direct");
        assertThat(from(r, "model.shop.top", "contact")).containsExactly("model.shop.eph.email:direct");
        assertThat(r.model("model.shop.top").orElseThrow().tablesRead())
                .containsExactly(new TableRead("model.shop.eph", "__kiln_cte__eph", true));
    }

    @Test
    void upstreamAndDownstreamAcrossTheProject() {
        TempProject p = shop()
                .file("models/a.sql", "select * from ${ref('stg_users')}\n")
                .file("models/b.sql", "select user_id, split_part(email, '@', 2) as domain from ${ref('a')}\n")
                .file("models/c.sql", "select user_id from ${ref('b')}\n");
        LineageGraph g = AnalyzeFixture.analyze(p, AnalyzeFixture.options()).lineage();
        ColumnRef email = g.find("raw.users.email").orElseThrow();
        assertThat(email).isEqualTo(new ColumnRef(USERS, "email"));
        assertThat(g.downstream(email)).extracting(s -> g.displayName(s.column()) + (s.direct() ? "" : " (transformed)"))
                .containsExactly("stg_users.email", "a.email", "b.domain (transformed)");
        assertThat(g.upstream(g.find("c.user_id").orElseThrow())).extracting(s -> g.displayName(s.column()))
                .containsExactly("b.user_id", "a.user_id", "stg_users.user_id", "raw.users.id");
        assertThat(g.find("stg_users")).contains(new ColumnRef(STG, null));
        assertThat(g.find("nope.x")).isEmpty();
        String text = new LineageText(g).describe(email);
        assertThat(text).contains("raw.users.email\n  upstream:\n    (none)\n  downstream:\n"
                + "    stg_users.email  direct\n      a.email  direct\n        b.domain  transformed\n");
    }

    @Test
    void starOverAnUnknownRelationPassesNamedColumnsThrough() {
        TempProject p = shop()
                .file("models/ev.sql", "select * from ${source('raw', 'events')}\n")
                .file("models/ev2.sql", "select kind, at as happened_at from ${ref('ev')}\n");
        LineageGraph g = AnalyzeFixture.analyze(p, AnalyzeFixture.options()).lineage();
        ColumnRef kind = new ColumnRef("source.shop.raw.events", "kind");
        assertThat(g.downstream(kind)).extracting(s -> g.displayName(s.column())).containsExactly("ev.kind", "ev2.kind");
        assertThat(g.upstream(new ColumnRef("model.shop.ev2", "happened_at")))
                .extracting(s -> g.displayName(s.column())).containsExactly("ev.at", "raw.events.at");
    }

    @Test
    void aSourceColumnNotDeclaredInYamlHasItsDownstreamAndColumnsCompleteTellsTheTruth() {
        TempProject p = shop()
                .file("models/orders.yml", """
                        version: 2
                        sources:
                          - name: shop_raw
                            schema: raw
                            tables:
                              - name: orders
                                columns: [{name: order_id}]
                              - name: order_lines
                                external_location: data/lines/*.csv
                                columns: [{name: note}]
                        """)
                .file("data/lines/2026-01.csv", "line_id,order_id,qty\n1,10,2\n")
                .file("data/lines/2026-02.csv", "other,header\n")
                .file("models/stg_orders.sql", "select order_id, amount_cents / 100.0 as amount from ${source('shop_raw', 'orders')}\n")
                .file("models/all_orders.sql", "select * from ${source('shop_raw', 'orders')}\n")
                .file("models/lines.sql", "select * from ${source('shop_raw', 'order_lines')}\n");
        AnalysisReport r = AnalyzeFixture.analyze(p, AnalyzeFixture.options());
        LineageGraph g = r.lineage();
        ColumnRef cents = g.resolve("shop_raw.orders.amount_cents");
        assertThat(cents).isEqualTo(new ColumnRef("source.shop.shop_raw.orders", "amount_cents"));
        assertThat(g.downstream(cents)).extracting(s -> g.displayName(s.column()) + (s.direct() ? "" : " (transformed)"))
                .containsExactlyInAnyOrder("stg_orders.amount (transformed)", "all_orders.amount_cents");
        assertThat(new LineageText(g).describe(cents)).contains("  downstream:\n    stg_orders.amount  transformed\n"
                + "    all_orders.amount_cents  direct\n");
        // YAML lists one column of orders: a star over it may pass more, so its columns are not all known
        assertThat(r.model("model.shop.all_orders").orElseThrow().columnsComplete()).isFalse();
        assertThat(r.model("model.shop.stg_orders").orElseThrow().columnsComplete()).isTrue();
        // a source on CSV files: the first file's header names its columns (and the documented ones are kept)
        ModelAnalysis lines = r.model("model.shop.lines").orElseThrow();
        assertThat(lines.columnsComplete()).isTrue();
        assertThat(lines.columnNames()).containsExactly("line_id", "order_id", "qty", "note");
    }
}
