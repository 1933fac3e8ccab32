-- depends_on: ${ref('stg_plans')} -- runs after stg_plans, which creates the staging schema (see docs/datavision.md, "Known engine issues")
-- One row per interaction: re-delivered rows (same interaction_id) removed, interaction_type
-- lower-cased.
select
    cast(interaction_id as bigint)                  as interaction_id,
    cast(user_id as bigint)                         as user_id,
    cast(content_id as bigint)                      as content_id,
    cast(session_id as bigint)                      as session_id,
    ${clean_code('interaction_type')}               as interaction_type,
    occurred_at,
    cast(duration_seconds as integer)               as duration_seconds
from (
    select i.*, row_number() over (partition by interaction_id order by occurred_at) as delivery_rank
    from ${source('raw', 'content_interactions')} i
) deliveries
where delivery_rank = 1
