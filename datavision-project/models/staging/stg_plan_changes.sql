-- depends_on: ${ref('stg_plans')} -- runs after stg_plans, which creates the staging schema (see docs/datavision.md, "Known engine issues")
-- One row per plan change, typed; enums lower-cased.
-- Time repair (as in stg_subscriptions): a user's plan changes are in id order; a change
-- recorded with an earlier time than the change before it is moved to that time. The recorded
-- time is kept, and is_time_repaired marks the rows changed.
with typed as (
    select distinct
        cast(plan_change_id as bigint)                  as plan_change_id,
        cast(user_id as bigint)                         as user_id,
        ${clean_code('from_plan')}                      as from_plan,
        ${clean_code('to_plan')}                        as to_plan,
        ${clean_code('change_type')}                    as change_type,
        changed_at                                      as recorded_changed_at
    from ${raw_table('plan_changes')}
),
ordered as (
    select
        t.*,
        max(recorded_changed_at) over (partition by user_id order by plan_change_id
                                       rows between unbounded preceding and current row) as changed_at,
        row_number() over (partition by user_id order by plan_change_id) as change_number
    from typed t
)
select
    plan_change_id,
    user_id,
    change_number,
    from_plan,
    to_plan,
    change_type,
    changed_at,
    recorded_changed_at,
    changed_at <> recorded_changed_at as is_time_repaired
from ordered
