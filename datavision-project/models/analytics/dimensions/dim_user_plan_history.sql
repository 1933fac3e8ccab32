-- depends_on: ${ref('dim_dates')} -- runs after dim_dates, which creates the analytics schema (see docs/datavision.md, "Known engine issues")
-- Every plan stint of every user, from the subscriptions: an SCD type 2 view of users' plans
-- rebuilt from the source (valid_from / valid_to), complementing the snapshot, which records
-- the plan as observed run after run.
select
    s.subscription_id,
    s.user_id,
    s.plan_id,
    p.plan_name,
    p.monthly_price,
    p.monthly_content_limit,
    p.plan_name <> 'free'                                              as is_paid_plan,
    row_number() over (partition by s.user_id order by s.started_at, s.subscription_id) as stint_number,
    lag(p.plan_name) over (partition by s.user_id order by s.started_at, s.subscription_id) as previous_plan_name,
    s.started_at                                                       as valid_from,
    s.ended_at                                                         as valid_to,
    s.ended_at is null                                                 as is_current,
    s.status                                                           as stint_status,
    s.cancel_reason,
    ${datediff('day', 's.started_at', 'coalesce(s.ended_at, ' + as_of_ts() + ')')} as stint_days
from ${ref('stg_subscriptions')} s
join ${ref('stg_plans')} p on p.plan_id = s.plan_id
