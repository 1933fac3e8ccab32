-- depends_on: ${ref('stg_plans')} -- runs after stg_plans, which creates the staging schema (see docs/datavision.md, "Known engine issues")
-- One row per campaign, typed; enums lower-cased.
select
    cast(campaign_id as bigint)                     as campaign_id,
    trim(name)                                      as campaign_name,
    ${clean_code('channel')}                        as channel,
    ${clean_code('goal')}                           as goal,
    ${clean_code('target_plan')}                    as target_plan,
    started_at,
    ended_at,
    created_at
from (
    select c.*, row_number() over (partition by campaign_id order by created_at desc) as version_rank
    from ${raw_table('campaigns')} c
) latest
where version_rank = 1
