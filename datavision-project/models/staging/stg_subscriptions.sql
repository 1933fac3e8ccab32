-- depends_on: ${ref('stg_plans')} -- runs after stg_plans, which creates the staging schema (see docs/datavision.md, "Known engine issues")
-- One row per subscription (a stint on one plan), typed; enums lower-cased.
--
-- Time repair: a user's subscriptions follow each other (each one starts when the previous
-- one ends), and their ids are in that order. The export sometimes records a plan change that
-- happened later in the day with an earlier time than the change before it (a stint that
-- ends before it starts, and two stints that overlap). Staging puts the stints back in id
-- order: a stint starts at the latest start recorded so far for the user, and ends when the
-- next one starts. The recorded times are kept, and is_time_repaired marks the rows changed.
with deliveries as (
    select s.*, row_number() over (partition by subscription_id order by ended_at desc nulls first) as version_rank
    from ${raw_table('subscriptions')} s
),
typed as (
    select
        cast(subscription_id as bigint)                 as subscription_id,
        cast(user_id as bigint)                         as user_id,
        cast(plan_id as bigint)                         as plan_id,
        ${clean_code('status')}                         as status,
        started_at                                      as recorded_started_at,
        ended_at                                        as recorded_ended_at,
        ${clean_code('cancel_reason')}                  as cancel_reason
    from deliveries
    where version_rank = 1
),
ordered as (
    select
        t.*,
        max(recorded_started_at) over (partition by user_id order by subscription_id
                                       rows between unbounded preceding and current row) as started_at
    from typed t
),
chained as (
    select
        o.*,
        case when recorded_ended_at is not null
             then coalesce(lead(started_at) over (partition by user_id order by subscription_id),
                           greatest(recorded_ended_at, started_at))
        end as ended_at
    from ordered o
)
select
    subscription_id,
    user_id,
    plan_id,
    status,
    started_at,
    ended_at,
    cancel_reason,
    recorded_started_at,
    recorded_ended_at,
    started_at <> recorded_started_at
        or coalesce(ended_at <> recorded_ended_at, false)  as is_time_repaired
from chained
