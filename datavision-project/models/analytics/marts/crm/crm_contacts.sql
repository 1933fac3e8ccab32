-- One row per open account, ready for the CRM (the hubspot_contacts sync exposure): the
-- contact's e-mail and name, current plan, RFM segment and its suggested action, churn risk
-- (paying users are scored; free users are 'not_paying') and the next content to recommend.
-- Deleted accounts never leave the warehouse.
with next_content as (
    select user_id, content_id, title, category
    from ${ref('content_recommendations')}
    where recommendation_rank = 1
)
select
    u.user_id,
    u.email,
    u.full_name,
    u.country_code,
    s.current_plan                                                   as plan,
    u.is_paying,
    s.segment                                                        as rfm_segment,
    s.rfm_cell,
    s.suggested_action,
    case when c.user_id is null then 'not_paying' else c.risk_band end as churn_risk,
    c.churn_score,
    coalesce(c.main_reason, 'none')                                  as churn_reason,
    n.content_id                                                     as next_content_id,
    n.title                                                          as next_content_title,
    n.category                                                       as next_content_category
from ${ref('dim_users')} u
join ${ref('rfm_segments')} s on s.user_id = u.user_id
left join ${ref('churn_risk')} c on c.user_id = u.user_id
left join next_content n on n.user_id = u.user_id
where not u.is_deleted
