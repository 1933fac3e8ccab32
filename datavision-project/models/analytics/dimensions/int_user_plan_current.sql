-- depends_on: ${ref('dim_dates')} -- runs after dim_dates, which creates the analytics schema (see docs/datavision.md, "Known engine issues")
-- The plan each user is on at as_of: their active subscription. Deleted accounts have none.
-- This is what the user_plan_snapshot records over time (SCD type 2).
select
    s.user_id,
    s.subscription_id,
    s.plan_id,
    p.plan_name,
    p.monthly_price,
    p.plan_name <> 'free'        as is_paying,
    s.started_at                 as plan_started_at
from ${ref('stg_subscriptions')} s
join ${ref('stg_plans')} p on p.plan_id = s.plan_id
where s.status = 'active'
  and s.started_at < ${as_of_ts()}
