-- How well churn_risk predicts the planted ground truth (who leaves the paid plans within
-- ${var('churn_horizon_days')} days after as_of): one row, with the confusion matrix at the
-- threshold ${var('churn_risk_threshold')}, precision, recall, lift, and the AUC.
-- AUC is rank-based (Mann–Whitney): (sum of the churners' ranks − n₊(n₊+1)/2) / (n₊·n₋), with
-- tied scores given their average rank, so it equals the probability that a random churner
-- scores higher than a random stayer (ties count one half).
with labelled as (
    select
        r.user_id,
        r.churn_score,
        r.is_at_risk,
        coalesce(t.will_churn, false) as will_churn
    from ${ref('churn_risk')} r
    left join ${source('ground_truth', 'user_truth')} t on t.user_id = r.user_id
),
positions as (
    select l.*, row_number() over (order by churn_score, user_id) as position
    from labelled l
),
ranked as (
    select p.*, avg(cast(position as double)) over (partition by churn_score) as score_rank
    from positions p
),
totals as (
    select
        count(*)                                                        as paying_users,
        count(case when will_churn then 1 end)                          as churners,
        count(case when not will_churn then 1 end)                      as stayers,
        count(case when is_at_risk then 1 end)                          as flagged,
        count(case when is_at_risk and will_churn then 1 end)           as true_positives,
        count(case when is_at_risk and not will_churn then 1 end)       as false_positives,
        count(case when not is_at_risk and will_churn then 1 end)       as false_negatives,
        count(case when not is_at_risk and not will_churn then 1 end)   as true_negatives,
        sum(case when will_churn then score_rank else 0 end)            as churner_rank_sum,
        avg(case when will_churn then churn_score end)                  as avg_score_churners,
        avg(case when not will_churn then churn_score end)              as avg_score_stayers
    from ranked
)
select
    ${var('churn_risk_threshold')}                                                      as threshold,
    ${var('churn_horizon_days')}                                                        as horizon_days,
    paying_users,
    churners,
    stayers,
    ${ratio('churners', 'paying_users')}                                                as churn_rate,
    flagged,
    true_positives,
    false_positives,
    false_negatives,
    true_negatives,
    ${ratio('true_positives', 'flagged')}                                               as precision_at_threshold,
    ${ratio('true_positives', 'churners')}                                              as recall_at_threshold,
    ${ratio('true_positives', 'flagged')} / nullif(${ratio('churners', 'paying_users')}, 0) as lift_at_threshold,
    (churner_rank_sum - churners * (churners + 1) / 2.0) / nullif(cast(churners as double) * stayers, 0) as auc,
    avg_score_churners,
    avg_score_stayers
from totals
