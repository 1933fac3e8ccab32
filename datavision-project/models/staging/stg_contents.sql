-- depends_on: ${ref('stg_plans')} -- runs after stg_plans, which creates the staging schema (see docs/datavision.md, "Known engine issues")
-- One row per content, typed; enums lower-cased.
select
    cast(content_id as bigint)                      as content_id,
    cast(creator_id as bigint)                      as creator_id,
    ${clean_code('content_type')}                   as content_type,
    trim(title)                                     as title,
    ${clean_code('category')}                       as category,
    ${clean_code('status')}                         as status,
    created_at,
    published_at,
    updated_at
from (
    select c.*, row_number() over (partition by content_id order by updated_at desc) as version_rank
    from ${raw_table('contents')} c
) latest
where version_rank = 1
