-- Every recommendation is a live (published) content of another creator that the user never
-- interacted with, and no user gets more than recommendations_per_user of them.
select r.user_id, r.content_id, r.recommendation_rank, 'not live' as problem
from ${ref('content_recommendations')} r
join ${ref('dim_contents')} c on c.content_id = r.content_id
where not c.is_live
union all
select r.user_id, r.content_id, r.recommendation_rank, 'own content'
from ${ref('content_recommendations')} r
join ${ref('dim_contents')} c on c.content_id = r.content_id
where c.creator_id = r.user_id
union all
select r.user_id, r.content_id, r.recommendation_rank, 'already seen'
from ${ref('content_recommendations')} r
join ${ref('fct_interactions')} i on i.user_id = r.user_id and i.content_id = r.content_id
union all
select r.user_id, r.content_id, r.recommendation_rank, 'rank above recommendations_per_user'
from ${ref('content_recommendations')} r
where r.recommendation_rank > ${var('recommendations_per_user')}
