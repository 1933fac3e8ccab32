<@config materialized="incremental" unique_key="session_id" table_type="iceberg" incremental_predicates=lookback_predicates("started_at") />
-- depends_on: ${ref('stg_plans')} -- runs after stg_plans, which creates the staging schema (see docs/datavision.md, "Known engine issues")
-- One row per session: device lower-cased; sessions never closed keep a NULL ended_at and
-- a NULL duration (is_closed = false).
-- Incremental (a large raw table): a run deduplicates only the sessions of the last 3 days
-- before the newest one it holds, and merges them on session_id.
select
    cast(session_id as bigint)                      as session_id,
    cast(user_id as bigint)                         as user_id,
    started_at,
    ended_at,
    ended_at is not null                            as is_closed,
    case when ended_at is not null then ${datediff('second', 'started_at', 'ended_at')} end as duration_seconds,
    ${clean_code('device')}                         as device,
    upper(trim(country))                            as country_code
from (
    select s.*, row_number() over (partition by session_id order by ended_at desc nulls last) as delivery_rank
    from ${raw_table('sessions')} s
<#if is_incremental()>
    where s.started_at >= ${lookback_start("started_at")}
</#if>
) deliveries
where delivery_rank = 1
${stored_in_time_order("started_at")}
