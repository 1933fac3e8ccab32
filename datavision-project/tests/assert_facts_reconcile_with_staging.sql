-- Reconciliation of the incremental facts with staging: the fact tables hold exactly the staged
-- rows before as_of (the facts' keys are tested unique). A mismatch after a rebuild of the raw
-- layer with another seed or scale means the incremental tables kept old rows: rebuild them
-- with --full-refresh (or start over by deleting target/datavision.duckdb).
with counts as (
    select 'fct_interactions' as fact,
           (select count(*) from ${ref('fct_interactions')}) as fact_rows,
           (select count(*) from ${ref('stg_content_interactions')} where occurred_at < ${as_of_ts()}) as staged_rows
    union all
    select 'fct_sessions',
           (select count(*) from ${ref('fct_sessions')}),
           (select count(*) from ${ref('stg_sessions')} where started_at < ${as_of_ts()})
    union all
    select 'fct_payments',
           (select count(*) from ${ref('fct_payments')}),
           (select count(*) from ${ref('stg_payments')} where paid_at < ${as_of_ts()})
)
select * from counts where fact_rows <> staged_rows
