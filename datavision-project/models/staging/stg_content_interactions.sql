<@config materialized="incremental" unique_key="interaction_id" table_type="iceberg" incremental_predicates=lookback_predicates("occurred_at") />
-- depends_on: ${ref('stg_plans')} -- runs after stg_plans, which creates the staging schema (see docs/datavision.md, "Known engine issues")
-- One row per interaction: re-delivered rows (same interaction_id) removed, interaction_type
-- lower-cased.
-- Incremental (the largest raw table): a run deduplicates only the interactions of the last
-- 3 days before the newest one it holds, and merges them on interaction_id.
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
    from ${raw_table('content_interactions')} i
<#if is_incremental()>
    where i.occurred_at >= ${lookback_start("occurred_at")}
</#if>
) deliveries
where delivery_rank = 1
${stored_in_time_order("occurred_at")}
