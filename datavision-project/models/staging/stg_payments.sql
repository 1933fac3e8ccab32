-- depends_on: ${ref('stg_plans')} -- runs after stg_plans, which creates the staging schema (see docs/datavision.md, "Known engine issues")
-- One row per payment attempt: re-delivered rows (same payment_id) removed, status lower-cased,
-- currency upper-cased.
select
    cast(payment_id as bigint)                      as payment_id,
    cast(user_id as bigint)                         as user_id,
    cast(subscription_id as bigint)                 as subscription_id,
    cast(amount as decimal(10, 2))                  as amount,
    upper(trim(currency))                           as currency,
    ${clean_code('status')}                         as status,
    paid_at,
    ${clean_code('failure_reason')}                 as failure_reason,
    ${clean_code('payment_method')}                 as payment_method
from (
    select p.*, row_number() over (partition by payment_id order by paid_at) as delivery_rank
    from ${raw_table('payments')} p
) deliveries
where delivery_rank = 1
