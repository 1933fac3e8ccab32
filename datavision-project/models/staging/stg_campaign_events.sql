-- depends_on: ${ref('stg_plans')} -- runs after stg_plans, which creates the staging schema (see docs/datavision.md, "Known engine issues")
-- One row per campaign event, typed; event_type lower-cased.
select
    cast(event_id as bigint)                        as event_id,
    cast(campaign_id as bigint)                     as campaign_id,
    cast(user_id as bigint)                         as user_id,
    ${clean_code('event_type')}                     as event_type,
    occurred_at
from (
    select e.*, row_number() over (partition by event_id order by occurred_at) as delivery_rank
    from ${raw_table('campaign_events')} e
) deliveries
where delivery_rank = 1
