-- One row per plan, typed and renamed. The limit is NULL for unlimited plans.
select
    cast(plan_id as bigint)                         as plan_id,
    ${clean_code('name')}                            as plan_name,
    cast(monthly_price as decimal(10, 2))           as monthly_price,
    upper(trim(currency))                           as currency,
    cast(monthly_content_limit as integer)          as monthly_content_limit,
    cast(max_collaborators as integer)              as max_collaborators,
    created_at,
    updated_at
from (
    select p.*, row_number() over (partition by plan_id order by updated_at desc) as version_rank
    from ${raw_table('plans')} p
) latest
where version_rank = 1
