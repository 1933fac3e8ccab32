-- Behaviour before as_of of every user on a paid plan (premium or enterprise) at as_of: the
-- inputs of the churn score. "Recent" is the ${var('churn_recent_days')} days before as_of,
-- "baseline" the ${var('churn_baseline_days')} days before that.
<#assign recent = var('churn_recent_days')>
<#assign baseline = var('churn_baseline_days')>
with paying as (
    select user_id, current_plan as plan_name, current_plan_since, first_paid_at
    from ${ref('dim_users')}
    where current_plan in ('premium', 'enterprise')
),
sessions as (
    select
        s.user_id,
        count(case when s.started_at >= ${days_before_as_of(recent)} then 1 end)                  as sessions_recent,
        count(case when s.started_at < ${days_before_as_of(recent)} then 1 end)                   as sessions_baseline,
        sum(case when s.started_at >= ${days_before_as_of(recent)} then coalesce(s.duration_seconds, 0) else 0 end) as seconds_recent,
        sum(case when s.started_at < ${days_before_as_of(recent)} then coalesce(s.duration_seconds, 0) else 0 end)  as seconds_baseline
    from ${ref('fct_sessions')} s
    join paying p on p.user_id = s.user_id
    where s.started_at >= ${days_before_as_of(recent + baseline)}
    group by s.user_id
),
last_session as (
    select s.user_id, max(s.started_at) as last_session_at
    from ${ref('fct_sessions')} s
    join paying p on p.user_id = s.user_id
    group by s.user_id
),
interactions as (
    select
        i.user_id,
        count(case when i.occurred_at >= ${days_before_as_of(recent)} then 1 end)                 as interactions_recent,
        count(case when i.occurred_at < ${days_before_as_of(recent)} then 1 end)                  as interactions_baseline
    from ${ref('fct_interactions')} i
    join paying p on p.user_id = i.user_id
    where i.occurred_at >= ${days_before_as_of(recent + baseline)}
    group by i.user_id
),
payments as (
    select
        f.user_id,
        count(case when f.status = 'failed' and f.paid_at >= ${days_before_as_of(recent + baseline)} then 1 end) as failed_payments_recent,
        max_by(f.status, f.paid_at)                                                            as last_payment_status
    from ${ref('fct_payments')} f
    join paying p on p.user_id = f.user_id
    group by f.user_id
),
downgrades as (
    select e.user_id, count(*) as downgrades_recent
    from ${ref('fct_subscription_events')} e
    join paying p on p.user_id = e.user_id
    where e.event_type = 'downgrade'
      and e.occurred_at >= ${days_before_as_of(recent + baseline)}
    group by e.user_id
)
select
    p.user_id,
    p.plan_name,
    ${datediff('day', 'p.current_plan_since', as_of_ts())}                  as days_on_plan,
    ${datediff('day', 'p.first_paid_at', as_of_ts())}                       as days_since_first_paid,
    coalesce(s.sessions_recent, 0)                                          as sessions_recent,
    coalesce(s.sessions_baseline, 0)                                        as sessions_baseline,
    coalesce(s.seconds_recent, 0)                                           as seconds_recent,
    coalesce(s.seconds_baseline, 0)                                         as seconds_baseline,
    coalesce(i.interactions_recent, 0)                                      as interactions_recent,
    coalesce(i.interactions_baseline, 0)                                    as interactions_baseline,
    ls.last_session_at,
    cast(${datediff('hour', 'ls.last_session_at', as_of_ts())} as double) / 24  as days_since_last_session,
    coalesce(pay.failed_payments_recent, 0)                                 as failed_payments_recent,
    coalesce(pay.last_payment_status = 'failed', false)                     as has_unresolved_failed_payment,
    coalesce(d.downgrades_recent, 0)                                        as downgrades_recent
from paying p
left join sessions s on s.user_id = p.user_id
left join last_session ls on ls.user_id = p.user_id
left join interactions i on i.user_id = p.user_id
left join payments pay on pay.user_id = p.user_id
left join downgrades d on d.user_id = p.user_id
