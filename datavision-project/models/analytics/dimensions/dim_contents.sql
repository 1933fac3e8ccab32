-- One row per content, with its creator and how users engaged with it (other users only:
-- a creator's own views are not engagement).
with engagement as (
    select
        content_id,
        count(case when interaction_type = 'view' then 1 end)       as views,
        count(distinct case when interaction_type = 'view' then user_id end) as unique_viewers,
        count(case when interaction_type = 'like' then 1 end)       as likes,
        count(case when interaction_type = 'complete' then 1 end)   as completions,
        count(case when interaction_type = 'share' then 1 end)      as shares,
        sum(engagement_weight)                                      as engagement_score,
        avg(case when interaction_type = 'view' then duration_seconds end) as avg_view_seconds,
        max(occurred_at)                                            as last_interaction_at
    from ${ref('fct_interactions')}
    where not is_own_content
    group by content_id
)
select
    c.content_id,
    c.creator_id,
    c.content_type,
    c.title,
    c.category,
    c.status,
    c.status = 'published'                                          as is_live,
    c.created_at,
    c.published_at,
    c.updated_at,
    coalesce(e.views, 0)                                            as views,
    coalesce(e.unique_viewers, 0)                                   as unique_viewers,
    coalesce(e.likes, 0)                                            as likes,
    coalesce(e.completions, 0)                                      as completions,
    coalesce(e.shares, 0)                                           as shares,
    coalesce(e.engagement_score, 0)                                 as engagement_score,
    ${ratio('e.completions', 'e.views')}                            as completion_rate,
    ${ratio('e.likes', 'e.views')}                                  as like_rate,
    e.avg_view_seconds,
    e.last_interaction_at
from ${ref('stg_contents')} c
left join engagement e on e.content_id = c.content_id
