-- One row per subscription (a stint on one plan), typed; enums lower-cased.
select
    cast(subscription_id as bigint)                 as subscription_id,
    cast(user_id as bigint)                         as user_id,
    cast(plan_id as bigint)                         as plan_id,
    ${clean_code('status')}                         as status,
    started_at,
    ended_at,
    ${clean_code('cancel_reason')}                  as cancel_reason
from (
    select s.*, row_number() over (partition by subscription_id order by ended_at desc nulls first) as version_rank
    from ${source('raw', 'subscriptions')} s
) latest
where version_rank = 1
