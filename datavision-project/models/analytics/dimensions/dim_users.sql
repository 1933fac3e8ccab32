-- One row per user: profile, country, current plan (from the plan snapshot's current version),
-- and a summary of the user's plan history, revenue and activity up to as_of.
with current_plan as (
    select user_id, plan_name, monthly_price, plan_started_at, kiln_valid_from
    from ${ref('user_plan_snapshot')}
    where kiln_valid_to is null
),
history as (
    select
        user_id,
        count(*)                                                    as plan_stints,
        count(case when is_paid_plan then 1 end)                    as paid_stints,
        min(case when is_paid_plan then valid_from end)             as first_paid_at,
        max(case when plan_name = 'enterprise' then 1 else 0 end) = 1 as ever_enterprise
    from ${ref('dim_user_plan_history')}
    group by user_id
),
events as (
    select
        user_id,
        count(case when event_type = 'conversion' then 1 end)       as conversions,
        count(case when event_type = 'upsell' then 1 end)           as upsells,
        count(case when event_type = 'downgrade' then 1 end)        as downgrades,
        count(case when event_type = 'churn' then 1 end)            as churns,
        max(case when event_type = 'churn' then occurred_at end)    as last_churned_at
    from ${ref('fct_subscription_events')}
    group by user_id
),
revenue as (
    select user_id, sum(revenue) as lifetime_revenue,
           count(case when status = 'failed' then 1 end) as failed_payments
    from ${ref('fct_payments')}
    group by user_id
),
activity as (
    select user_id, count(*) as sessions, min(started_at) as first_session_at, max(started_at) as last_session_at
    from ${ref('fct_sessions')}
    group by user_id
),
creation as (
    select creator_id as user_id, count(*) as contents_created, max(created_at) as last_created_at
    from ${ref('fct_content_created')}
    group by creator_id
)
select
    u.user_id,
    u.email,
    u.full_name,
    u.country_code,
    c.country_name,
    c.region,
    u.acquisition_channel,
    u.referrer_id,
    u.marketing_opt_in,
    u.signed_up_at,
    cast(u.signed_up_at as date)                                         as signup_date,
    cast(date_trunc('month', u.signed_up_at) as date)                    as cohort_month,
    u.is_deleted,
    case when u.is_deleted then u.updated_at end                         as deleted_at,
    cp.plan_name                                                         as current_plan,
    coalesce(cp.plan_name in ('premium', 'enterprise'), false)           as is_paying,
    cp.monthly_price                                                     as current_mrr,
    cp.plan_started_at                                                   as current_plan_since,
    coalesce(h.plan_stints, 0)                                           as plan_stints,
    coalesce(h.paid_stints, 0)                                           as paid_stints,
    h.first_paid_at,
    coalesce(h.ever_enterprise, false)                                   as ever_enterprise,
    coalesce(e.conversions, 0)                                           as conversions,
    coalesce(e.upsells, 0)                                               as upsells,
    coalesce(e.downgrades, 0)                                            as downgrades,
    coalesce(e.churns, 0)                                                as churns,
    e.last_churned_at,
    coalesce(r.lifetime_revenue, 0)                                      as lifetime_revenue,
    coalesce(r.failed_payments, 0)                                       as failed_payments,
    coalesce(a.sessions, 0)                                              as sessions,
    a.first_session_at,
    a.last_session_at,
    coalesce(cr.contents_created, 0)                                     as contents_created,
    cr.last_created_at,
    ${datediff('day', 'u.signed_up_at', as_of_ts())}                    as tenure_days
from ${ref('stg_users')} u
left join ${ref('countries')} c on c.country_code = u.country_code
left join current_plan cp on cp.user_id = u.user_id
left join history h on h.user_id = u.user_id
left join events e on e.user_id = u.user_id
left join revenue r on r.user_id = u.user_id
left join activity a on a.user_id = u.user_id
left join creation cr on cr.user_id = u.user_id
