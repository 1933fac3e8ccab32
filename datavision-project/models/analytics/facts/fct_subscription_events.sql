-- One row per subscription event: signup (free plan), conversion (free → paid), upsell
-- (premium → enterprise), downgrade (enterprise → premium), churn (paid → free; voluntary or
-- involuntary after failed payments) and account deletion, with the change in MRR it caused.
with plans as (
    select plan_name, monthly_price from ${ref('stg_plans')}
),
changes as (
    select
        concat('plan_change:', cast(pc.plan_change_id as varchar))   as event_id,
        pc.user_id,
        pc.changed_at                                                as occurred_at,
        case
            when pc.from_plan = 'free' then 'conversion'
            when pc.to_plan = 'free' then 'churn'
            when pc.change_type = 'upgrade' then 'upsell'
            else 'downgrade'
        end                                                          as event_type,
        pc.from_plan,
        pc.to_plan,
        ended.cancel_reason
    from ${ref('stg_plan_changes')} pc
    -- the k-th plan change of a user ends the user's k-th plan stint
    left join ${ref('dim_user_plan_history')} ended
           on ended.user_id = pc.user_id
          and ended.stint_number = pc.change_number
),
signups as (
    select concat('signup:', cast(user_id as varchar)) as event_id, user_id, signed_up_at as occurred_at,
           'signup' as event_type, cast(null as varchar) as from_plan, 'free' as to_plan, cast(null as varchar) as cancel_reason
    from ${ref('stg_users')}
),
deletions as (
    select concat('deletion:', cast(s.user_id as varchar)) as event_id, s.user_id, s.ended_at as occurred_at,
           'account_deletion' as event_type, 'free' as from_plan, cast(null as varchar) as to_plan, s.cancel_reason
    from ${ref('stg_subscriptions')} s
    where s.cancel_reason = 'account_deleted'
),
events as (
    select * from changes
    union all select * from signups
    union all select * from deletions
)
select
    e.event_id,
    e.user_id,
    e.occurred_at,
    cast(e.occurred_at as date)                                           as event_date,
    e.event_type,
    e.from_plan,
    e.to_plan,
    case when e.event_type = 'churn'
         then case when e.cancel_reason = 'payment_failed' then 'involuntary' else 'voluntary' end
    end                                                                   as churn_kind,
    e.cancel_reason,
    coalesce(t.monthly_price, 0) - coalesce(f.monthly_price, 0)           as mrr_delta
from events e
left join plans f on f.plan_name = e.from_plan
left join plans t on t.plan_name = e.to_plan
where e.occurred_at < ${as_of_ts()}
