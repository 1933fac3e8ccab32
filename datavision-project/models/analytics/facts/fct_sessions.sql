<@config materialized="incremental" unique_key="session_id" on_schema_change="append_new_columns" table_type="iceberg" incremental_predicates=lookback_predicates("started_at") />
-- table_type iceberg: on Athena a merge needs an Iceberg table (DuckDB ignores the key).
-- One row per session (login), with the plan the user was on when it started.
-- Incremental: a run re-reads the last 3 days before the newest session it holds (late
-- arrivals) and merges on session_id.
select
    s.session_id,
    s.user_id,
    s.started_at,
    cast(s.started_at as date)          as session_date,
    s.ended_at,
    s.is_closed,
    s.duration_seconds,
    s.device,
    s.country_code,
    h.plan_name                         as plan_name
from ${ref('stg_sessions')} s
left join ${ref('dim_user_plan_history')} h
       on h.user_id = s.user_id
      and s.started_at >= h.valid_from
      and (h.valid_to is null or s.started_at < h.valid_to)
where s.started_at < ${as_of_ts()}
<#if is_incremental()>
  and s.started_at >= ${lookback_start("started_at")}
</#if>
${stored_in_time_order("started_at")}
