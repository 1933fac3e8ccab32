-- Who to target with the three kinds of campaign, at as_of, each with a score in [0, 1] and
-- the reason they are in the audience:
--   convert: free users likely to upgrade — active in the last ${var('audience_active_days')} days and either near
--            the free limit this month or last month, or heavy creators (10+ contents in 90 days);
--   upsell:  premium users who outgrow their plan — near the premium limit this month or last
--            month, or 40+ contents in 90 days — and are not at churn risk;
--   retain:  paying users at churn risk (churn_risk.is_at_risk).
-- email_eligible tells whether the user may receive marketing e-mails (in-app reaches everyone).
<#assign active_days = var('audience_active_days')>
with recent_usage as (
    select
        user_id,
        max(case when usage_month >= cast(date_trunc('month', ${as_of_date()} - interval '1' month) as date)
                 then share_used end)                                                   as max_share_used_2m,
        max(case when usage_month >= cast(date_trunc('month', ${as_of_date()} - interval '1' month) as date)
                  and near_limit then 1 else 0 end) = 1                                 as near_limit_2m
    from ${ref('plan_usage')}
    group by user_id
),
creation as (
    select creator_id as user_id, count(*) as contents_90d
    from ${ref('fct_content_created')}
    where created_at >= ${days_before_as_of(90)}
    group by creator_id
),
activity as (
    select user_id, count(*) as sessions_recent
    from ${ref('fct_sessions')}
    where started_at >= ${days_before_as_of(active_days)}
    group by user_id
),
users as (
    select
        u.user_id,
        u.current_plan,
        u.marketing_opt_in,
        coalesce(a.sessions_recent, 0)        as sessions_recent,
        coalesce(c.contents_90d, 0)           as contents_90d,
        coalesce(r.near_limit_2m, false)      as near_limit_2m,
        coalesce(r.max_share_used_2m, 0)      as max_share_used_2m
    from ${ref('dim_users')} u
    left join activity a on a.user_id = u.user_id
    left join creation c on c.user_id = u.user_id
    left join recent_usage r on r.user_id = u.user_id
    where not u.is_deleted
),
convert_audience as (
    select
        'convert' as audience,
        user_id,
        ${clamp01("0.5 * least(max_share_used_2m, 1) + 0.3 * least(contents_90d / 15.0, 1) + 0.2 * least(sessions_recent / 20.0, 1)")} as score,
        case when near_limit_2m then 'near the free plan limit' else 'heavy creator on the free plan' end as reason,
        marketing_opt_in as email_eligible
    from users
    where current_plan = 'free'
      and sessions_recent > 0
      and (near_limit_2m or contents_90d >= 10)
),
upsell_audience as (
    select
        'upsell' as audience,
        u.user_id,
        ${clamp01("0.6 * least(u.max_share_used_2m, 1) + 0.4 * least(u.contents_90d / 120.0, 1)")} as score,
        case when u.near_limit_2m then 'near the premium plan limit' else 'creates a lot on premium' end as reason,
        u.marketing_opt_in as email_eligible
    from users u
    left join ${ref('churn_risk')} r on r.user_id = u.user_id
    where u.current_plan = 'premium'
      and (u.near_limit_2m or u.contents_90d >= 40)
      and not coalesce(r.is_at_risk, false)
),
retain_audience as (
    select
        'retain' as audience,
        r.user_id,
        r.churn_score as score,
        concat('churn risk: ', r.main_reason) as reason,
        u.marketing_opt_in as email_eligible
    from ${ref('churn_risk')} r
    join users u on u.user_id = r.user_id
    where r.is_at_risk
)
select audience, user_id, round(score, 4) as score, reason, email_eligible,
       row_number() over (partition by audience order by score desc, user_id) as priority
from (
    select * from convert_audience
    union all select * from upsell_audience
    union all select * from retain_audience
) audiences
