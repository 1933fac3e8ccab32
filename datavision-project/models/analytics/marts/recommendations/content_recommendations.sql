-- Top ${var('recommendations_per_user')} contents per user that the user has not seen yet, from what
-- similar users engage with. Users are grouped by taste (their favourite category, from
-- user_category_affinity); within a taste group, contents are ranked by the weighted engagement
-- of the group's members over the last ${var('recommendation_window_days')} days (the top ${var('recommendation_candidates_per_taste')} are candidates).
-- A candidate's score: its popularity in the group (0–1, relative to the group's top content)
-- times (0.5 + the user's affinity for the content's category). Only live (published) contents
-- of other creators that the user never interacted with are recommended.
<#assign candidates = var('recommendation_candidates_per_taste')>
with taste as (
    select user_id, category as taste_category
    from ${ref('user_category_affinity')}
    where category_rank = 1
),
group_engagement as (
    select t.taste_category, i.content_id, sum(i.engagement_weight) as group_engagement,
           count(distinct i.user_id) as group_users
    from ${ref('fct_interactions')} i
    join taste t on t.user_id = i.user_id
    where i.occurred_at >= ${days_before_as_of(var('recommendation_window_days'))}
      and not i.is_own_content
    group by t.taste_category, i.content_id
),
candidates as (
    select * from (
        select
            g.taste_category,
            g.content_id,
            c.category,
            c.creator_id,
            g.group_engagement,
            g.group_users,
            g.group_engagement / max(g.group_engagement) over (partition by g.taste_category) as popularity,
            row_number() over (partition by g.taste_category order by g.group_engagement desc, g.content_id) as popularity_rank
        from group_engagement g
        join ${ref('dim_contents')} c on c.content_id = g.content_id
        where c.is_live
    ) ranked
    where popularity_rank <= ${candidates}
),
seen as (
    select distinct user_id, content_id from ${ref('fct_interactions')}
),
scored as (
    select
        t.user_id,
        t.taste_category,
        k.content_id,
        k.category,
        k.popularity,
        k.group_users,
        coalesce(a.affinity, 0)                                       as category_affinity,
        k.popularity * (0.5 + coalesce(a.affinity, 0))                as score
    from taste t
    join ${ref('dim_users')} u on u.user_id = t.user_id and not u.is_deleted
    join candidates k on k.taste_category = t.taste_category
    left join ${ref('user_category_affinity')} a on a.user_id = t.user_id and a.category = k.category
    where k.creator_id <> t.user_id
      and not exists (select 1 from seen s where s.user_id = t.user_id and s.content_id = k.content_id)
),
ranked as (
    select s.*, row_number() over (partition by s.user_id order by s.score desc, s.content_id) as recommendation_rank
    from scored s
)
select
    r.user_id,
    r.recommendation_rank,
    r.content_id,
    c.title,
    c.content_type,
    r.category,
    r.taste_category,
    round(r.score, 6)              as score,
    round(r.popularity, 6)         as popularity_in_taste_group,
    r.group_users                  as engaged_users_in_taste_group,
    round(r.category_affinity, 6)  as category_affinity
from ranked r
join ${ref('dim_contents')} c on c.content_id = r.content_id
where r.recommendation_rank <= ${var('recommendations_per_user')}
