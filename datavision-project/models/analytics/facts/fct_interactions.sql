<@config materialized="incremental" unique_key="interaction_id" on_schema_change="append_new_columns" table_type="iceberg" incremental_predicates=lookback_predicates("occurred_at") />
-- table_type iceberg: on Athena a merge needs an Iceberg table (DuckDB ignores the key).
-- One row per interaction with a content (view, like, complete, share): event-shaped, with
-- the content's attributes, its creator, and the engagement weight of the interaction type.
-- Incremental: a run re-reads the last 3 days before the newest interaction it holds and
-- merges on interaction_id.
select
    i.interaction_id,
    i.user_id,
    i.content_id,
    i.session_id,
    i.interaction_type,
    i.occurred_at,
    cast(i.occurred_at as date)         as interaction_date,
    i.duration_seconds,
    c.creator_id,
    c.content_type,
    c.category,
    i.user_id = c.creator_id            as is_own_content,
    w.engagement_weight
from ${ref('stg_content_interactions')} i
join ${ref('stg_contents')} c on c.content_id = i.content_id
join ${ref('interaction_weights')} w on w.interaction_type = i.interaction_type
where i.occurred_at < ${as_of_ts()}
<#if is_incremental()>
  and i.occurred_at >= ${lookback_start("occurred_at")}
</#if>
${stored_in_time_order("occurred_at")}
