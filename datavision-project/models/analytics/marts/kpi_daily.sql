-- Daily KPIs over the whole history: signups, active users, conversions, contents created,
-- MRR at the end of the day, new and churned MRR, revenue collected.
with subscription_events as (
    select
        event_date,
        count(case when event_type = 'signup' then 1 end)                        as signups,
        count(case when event_type = 'conversion' then 1 end)                    as conversions,
        count(case when event_type = 'upsell' then 1 end)                        as upsells,
        count(case when event_type = 'downgrade' then 1 end)                     as downgrades,
        count(case when event_type = 'churn' then 1 end)                         as churned_users,
        count(case when event_type = 'account_deletion' then 1 end)              as deleted_accounts,
        sum(case when event_type in ('conversion', 'upsell') then mrr_delta else 0 end) as new_mrr,
        -sum(case when event_type = 'churn' then mrr_delta else 0 end)           as churned_mrr,
        -sum(case when event_type = 'downgrade' then mrr_delta else 0 end)       as contraction_mrr,
        sum(mrr_delta)                                                           as net_mrr_change,
        sum(case when event_type = 'conversion' then 1 when event_type = 'churn' then -1 else 0 end) as paying_users_change
    from ${ref('fct_subscription_events')}
    group by event_date
),
activity as (
    select session_date as event_date, count(distinct user_id) as active_users,
           count(distinct case when plan_name <> 'free' then user_id end) as active_paying_users,
           count(*) as sessions
    from ${ref('fct_sessions')}
    group by session_date
),
creation as (
    select created_date as event_date, count(*) as contents_created
    from ${ref('fct_content_created')}
    group by created_date
),
revenue as (
    select payment_date as event_date, sum(revenue) as revenue,
           count(case when status = 'failed' then 1 end) as failed_payments
    from ${ref('fct_payments')}
    group by payment_date
),
daily as (
    select
        d.date_day,
        d.iso_day_of_week,
        d.is_weekend,
        coalesce(e.signups, 0)              as signups,
        coalesce(a.active_users, 0)         as active_users,
        coalesce(a.active_paying_users, 0)  as active_paying_users,
        coalesce(a.sessions, 0)             as sessions,
        coalesce(e.conversions, 0)          as conversions,
        coalesce(e.upsells, 0)              as upsells,
        coalesce(e.downgrades, 0)           as downgrades,
        coalesce(e.churned_users, 0)        as churned_users,
        coalesce(e.deleted_accounts, 0)     as deleted_accounts,
        coalesce(c.contents_created, 0)     as contents_created,
        coalesce(e.new_mrr, 0)              as new_mrr,
        coalesce(e.churned_mrr, 0)          as churned_mrr,
        coalesce(e.contraction_mrr, 0)      as contraction_mrr,
        coalesce(e.net_mrr_change, 0)       as net_mrr_change,
        coalesce(e.paying_users_change, 0)  as paying_users_change,
        coalesce(r.revenue, 0)              as revenue,
        coalesce(r.failed_payments, 0)      as failed_payments
    from ${ref('dim_dates')} d
    left join subscription_events e on e.event_date = d.date_day
    left join activity a on a.event_date = d.date_day
    left join creation c on c.event_date = d.date_day
    left join revenue r on r.event_date = d.date_day
)
select
    daily.*,
    sum(signups) over (order by date_day rows between unbounded preceding and current row)             as total_users,
    sum(paying_users_change) over (order by date_day rows between unbounded preceding and current row) as paying_users,
    sum(net_mrr_change) over (order by date_day rows between unbounded preceding and current row)      as mrr
from daily
