-- What each user engages with, per category, over the ${var('recommendation_window_days')} days before as_of: the
-- weighted engagement (interaction_weights) with other users' contents, its share of the
-- user's total, and the category's rank for the user (1 = favourite).
with engagement as (
    select user_id, category, sum(engagement_weight) as engagement, count(distinct content_id) as contents_engaged
    from ${ref('fct_interactions')}
    where occurred_at >= ${days_before_as_of(var('recommendation_window_days'))}
      and not is_own_content
    group by user_id, category
)
select
    user_id,
    category,
    engagement,
    contents_engaged,
    engagement / sum(engagement) over (partition by user_id)                                  as affinity,
    row_number() over (partition by user_id order by engagement desc, category)               as category_rank
from engagement
