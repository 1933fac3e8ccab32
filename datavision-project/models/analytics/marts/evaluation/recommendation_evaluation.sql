-- A sanity check of content_recommendations against the ground truth: how often a
-- recommendation is in the user's true favourite category (which the model never sees), against
-- that category's share of the live catalogue (what random picks would give), and the mean
-- hidden quality of the recommended contents against the catalogue's.
with recs as (
    select r.user_id, r.content_id, r.category, t.favorite_category, q.quality
    from ${ref('content_recommendations')} r
    join ${source('ground_truth', 'user_truth')} t on t.user_id = r.user_id
    join ${source('ground_truth', 'content_truth')} q on q.content_id = r.content_id
),
catalogue as (
    select c.category, count(*) as contents, avg(q.quality) as avg_quality
    from ${ref('dim_contents')} c
    join ${source('ground_truth', 'content_truth')} q on q.content_id = c.content_id
    where c.is_live
    group by c.category
),
catalogue_share as (
    select category, cast(contents as double) / sum(contents) over () as share from catalogue
),
baseline as (
    select avg(s.share) as random_favorite_rate
    from recs r join catalogue_share s on s.category = r.favorite_category
)
select
    count(distinct r.user_id)                                                            as users_with_recommendations,
    count(*)                                                                             as recommendations,
    avg(cast(case when r.category = r.favorite_category then 1 else 0 end as double))   as favorite_category_rate,
    max(b.random_favorite_rate)                                                          as random_favorite_rate,
    avg(r.quality)                                                                       as avg_quality_recommended,
    (select sum(contents * avg_quality) / sum(contents) from catalogue)                 as avg_quality_catalogue
from recs r
cross join baseline b
