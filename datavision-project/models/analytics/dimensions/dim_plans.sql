-- One row per plan, with what it allows and how many users are on it at as_of.
with on_plan as (
    select plan_id, count(*) as users_at_as_of
    from ${ref('int_user_plan_current')}
    group by plan_id
)
select
    p.plan_id,
    p.plan_name,
    case p.plan_name when 'free' then 1 when 'premium' then 2 when 'enterprise' then 3 end as plan_rank,
    p.plan_name <> 'free'                          as is_paid,
    p.monthly_price,
    p.currency,
    p.monthly_content_limit,
    p.monthly_content_limit is null                as is_unlimited,
    p.max_collaborators,
    coalesce(o.users_at_as_of, 0)                  as users_at_as_of,
    coalesce(o.users_at_as_of, 0) * p.monthly_price as mrr_at_as_of
from ${ref('stg_plans')} p
left join on_plan o on o.plan_id = p.plan_id
