-- How the campaign audiences compare with the ground truth over the ${var('churn_horizon_days')} days after as_of:
-- for each audience, the share of its members who did what the audience is about (convert:
-- upgraded; upsell: moved to enterprise; retain: churned — the ones a retention campaign must
-- save), against the same share in the audience's whole population, and the lift.
with truth as (
    select user_id, plan_at_as_of, will_convert, will_upsell, will_churn
    from ${source('ground_truth', 'user_truth')}
),
populations as (
    select 'convert' as audience, user_id, coalesce(will_convert, false) as outcome from truth where plan_at_as_of = 'free'
    union all
    select 'upsell', user_id, coalesce(will_upsell, false) from truth where plan_at_as_of = 'premium'
    union all
    select 'retain', user_id, coalesce(will_churn, false) from truth where plan_at_as_of in ('premium', 'enterprise')
),
measured as (
    select
        p.audience,
        count(*)                                                                  as population,
        count(case when p.outcome then 1 end)                                     as population_outcomes,
        count(a.user_id)                                                          as audience_size,
        count(case when a.user_id is not null and p.outcome then 1 end)           as audience_outcomes
    from populations p
    left join ${ref('campaign_audiences')} a on a.audience = p.audience and a.user_id = p.user_id
    group by p.audience
)
select
    audience,
    case audience when 'convert' then 'upgrades to a paid plan'
                  when 'upsell' then 'moves to enterprise'
                  else 'leaves the paid plans' end                                as outcome,
    population,
    audience_size,
    ${ratio('audience_size', 'population')}                                      as audience_share,
    population_outcomes,
    audience_outcomes,
    ${ratio('population_outcomes', 'population')}                                as population_rate,
    ${ratio('audience_outcomes', 'audience_size')}                               as audience_rate,
    ${ratio('audience_outcomes', 'audience_size')} / nullif(${ratio('population_outcomes', 'population')}, 0) as lift,
    ${ratio('audience_outcomes', 'population_outcomes')}                         as outcomes_covered
from measured
