-- One row per content created, with the creator's plan at that moment and the content's rank
-- among what the creator created that calendar month (what the plan limit counts).
select
    c.content_id,
    c.creator_id,
    c.created_at,
    cast(c.created_at as date)                                   as created_date,
    cast(date_trunc('month', c.created_at) as date)              as created_month,
    c.content_type,
    c.category,
    c.status,
    c.published_at,
    h.plan_name                                                  as creator_plan,
    row_number() over (partition by c.creator_id, date_trunc('month', c.created_at)
                       order by c.created_at, c.content_id)      as nth_in_month
from ${ref('stg_contents')} c
left join ${ref('dim_user_plan_history')} h
       on h.user_id = c.creator_id
      and c.created_at >= h.valid_from
      and (h.valid_to is null or c.created_at < h.valid_to)
where c.created_at < ${as_of_ts()}
