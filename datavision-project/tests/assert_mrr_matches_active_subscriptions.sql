-- Reconciliation: the MRR of kpi_daily on the last day (accumulated from subscription events)
-- equals the MRR of the subscriptions active at as_of (from dim_plans). Returns both when not.
with from_events as (
    select mrr, paying_users from ${ref('kpi_daily')} where date_day = (select max(date_day) from ${ref('kpi_daily')})
),
from_subscriptions as (
    select sum(mrr_at_as_of) as mrr, sum(case when is_paid then users_at_as_of else 0 end) as paying_users
    from ${ref('dim_plans')}
)
select e.mrr as mrr_from_events, s.mrr as mrr_from_subscriptions,
       e.paying_users as paying_from_events, s.paying_users as paying_from_subscriptions
from from_events e cross join from_subscriptions s
where e.mrr <> s.mrr or e.paying_users <> s.paying_users
