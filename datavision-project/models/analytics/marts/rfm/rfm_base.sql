-- The RFM inputs per user (accounts open at as_of): Recency = days since the last session,
-- Frequency = distinct active days in the ${var('rfm_window_days')} days before as_of,
-- Monetary = revenue collected in the 365 days before as_of.
with activity as (
    select
        user_id,
        max(started_at)                                                               as last_session_at,
        count(distinct case when started_at >= ${days_before_as_of(var('rfm_window_days'))} then session_date end) as active_days
    from ${ref('fct_sessions')}
    group by user_id
),
money as (
    select user_id, sum(revenue) as revenue_365d
    from ${ref('fct_payments')}
    where paid_at >= ${days_before_as_of(365)}
    group by user_id
)
select
    u.user_id,
    u.current_plan,
    u.tenure_days,
    a.last_session_at,
    coalesce(${datediff('day', 'a.last_session_at', as_of_ts())}, u.tenure_days) as recency_days,
    coalesce(a.active_days, 0)                                                   as frequency,
    cast(coalesce(m.revenue_365d, 0) as double)                                  as monetary
from ${ref('dim_users')} u
left join activity a on a.user_id = u.user_id
left join money m on m.user_id = u.user_id
where not u.is_deleted
