-- Monthly cohorts by signup month: for each month since signup, the share of the cohort that
-- was active (had a session), and the share that was on a paid plan at some point that month.
with cohorts as (
    select user_id, cohort_month from ${ref('dim_users')}
),
cohort_sizes as (
    select cohort_month, count(*) as cohort_size from cohorts group by cohort_month
),
active as (
    select distinct s.user_id, cast(date_trunc('month', s.started_at) as date) as activity_month
    from ${ref('fct_sessions')} s
),
paying as (
    select distinct user_id, usage_month as activity_month
    from ${ref('plan_usage')}
    where plan_name <> 'free'
),
counts as (
    select c.cohort_month, ${months_between('c.cohort_month', 'a.activity_month')} as months_since_signup,
           count(*) as active_users
    from cohorts c join active a on a.user_id = c.user_id
    group by 1, 2
),
paid_counts as (
    select c.cohort_month, ${months_between('c.cohort_month', 'p.activity_month')} as months_since_signup,
           count(*) as paying_users
    from cohorts c join paying p on p.user_id = c.user_id
    group by 1, 2
),
grid as (
    select cs.cohort_month, cs.cohort_size, m.month_start as activity_month,
           ${months_between('cs.cohort_month', 'm.month_start')} as months_since_signup
    from cohort_sizes cs
    join ${ref('dim_dates')} m on m.date_day = m.month_start and m.month_start >= cs.cohort_month
)
select
    g.cohort_month,
    g.months_since_signup,
    g.activity_month,
    g.cohort_size,
    coalesce(c.active_users, 0)                                  as active_users,
    ${ratio('coalesce(c.active_users, 0)', 'g.cohort_size')}     as retention_rate,
    coalesce(p.paying_users, 0)                                  as paying_users,
    ${ratio('coalesce(p.paying_users, 0)', 'g.cohort_size')}     as paying_share
from grid g
left join counts c on c.cohort_month = g.cohort_month and c.months_since_signup = g.months_since_signup
left join paid_counts p on p.cohort_month = g.cohort_month and p.months_since_signup = g.months_since_signup
