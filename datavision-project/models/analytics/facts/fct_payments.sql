<@config materialized="incremental" unique_key="payment_id" on_schema_change="append_new_columns" table_type="iceberg" incremental_predicates=lookback_predicates("paid_at") />
-- table_type iceberg: on Athena a merge needs an Iceberg table (DuckDB ignores the key).
-- One row per payment attempt, with the plan paid for, whether it is the first payment of the
-- subscription, a renewal or a retry of a failed renewal, and the revenue it brought.
-- Incremental: merges on payment_id the attempts of the last 3 days before the newest one held
-- (the attempt kind looks at the whole subscription, so it is computed before the filter).
with attempts as (
    select
        p.*,
        row_number() over (partition by p.subscription_id order by p.paid_at, p.payment_id) as attempt_number,
        lag(p.status) over (partition by p.subscription_id order by p.paid_at, p.payment_id) as previous_status
    from ${ref('stg_payments')} p
)
select
    a.payment_id,
    a.user_id,
    a.subscription_id,
    h.plan_name,
    a.amount,
    a.currency,
    a.status,
    a.status = 'succeeded'                                       as is_successful,
    case when a.status = 'succeeded' then a.amount else 0 end    as revenue,
    a.paid_at,
    cast(a.paid_at as date)                                      as payment_date,
    case
        when a.attempt_number = 1 then 'initial'
        when a.previous_status = 'failed' then 'retry'
        else 'renewal'
    end                                                          as attempt_kind,
    a.failure_reason,
    a.payment_method
from attempts a
left join ${ref('dim_user_plan_history')} h on h.subscription_id = a.subscription_id
where a.paid_at < ${as_of_ts()}
<#if is_incremental()>
  and a.paid_at >= ${lookback_start("paid_at")}
</#if>
${stored_in_time_order("paid_at")}
