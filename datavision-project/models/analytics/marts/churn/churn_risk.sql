-- Churn risk of paying users: a transparent score in [0, 1], the weighted sum of five signals,
-- each in [0, 1] (weights sum to 1):
--   0.35 activity_decline    sessions per day, recent window vs baseline (smoothed)
--   0.20 inactivity          days since the last session / ${var('churn_recent_days')}
--   0.15 engagement_decline  interactions per day, recent window vs baseline (smoothed)
--   0.20 payment_trouble     1 when the last payment attempt failed, 0.5 after any recent failure
--   0.10 recent_downgrade    1 after a downgrade (enterprise → premium) in the last ${var('churn_recent_days') + var('churn_baseline_days')} days
-- Users at or above ${var('churn_risk_threshold')} are flagged.
<#assign recent = var('churn_recent_days')>
<#assign baseline = var('churn_baseline_days')>
with signals as (
    select
        f.*,
        ${clamp01("1 - ((f.sessions_recent + 0.5) / " + recent + ".0) / ((f.sessions_baseline + 0.5) / " + baseline + ".0)")}         as activity_decline,
        ${clamp01("coalesce(f.days_since_last_session, " + (recent + baseline) + ") / " + recent + ".0")}                           as inactivity,
        ${clamp01("1 - ((f.interactions_recent + 0.5) / " + recent + ".0) / ((f.interactions_baseline + 0.5) / " + baseline + ".0)")} as engagement_decline,
        case when f.has_unresolved_failed_payment then 1.0
             when f.failed_payments_recent > 0 then 0.5
             else 0.0 end                                                                                                      as payment_trouble,
        case when f.downgrades_recent > 0 then 1.0 else 0.0 end                                                                as recent_downgrade
    from ${ref('churn_features')} f
),
scored as (
    select
        s.*,
        round(0.35 * activity_decline + 0.20 * inactivity + 0.15 * engagement_decline
              + 0.20 * payment_trouble + 0.10 * recent_downgrade, 4)                                                          as churn_score
    from signals s
)
select
    user_id,
    plan_name,
    sessions_recent,
    sessions_baseline,
    days_since_last_session,
    failed_payments_recent,
    has_unresolved_failed_payment,
    downgrades_recent,
    round(activity_decline, 4)    as activity_decline,
    round(inactivity, 4)          as inactivity,
    round(engagement_decline, 4)  as engagement_decline,
    payment_trouble,
    recent_downgrade,
    churn_score,
    case when churn_score >= ${var('churn_risk_threshold')} then 'high'
         when churn_score >= ${var('churn_risk_threshold')} / 2 then 'medium'
         else 'low' end           as risk_band,
    churn_score >= ${var('churn_risk_threshold')} as is_at_risk,
    case
        when churn_score < ${var('churn_risk_threshold')} / 2 then 'none'
        when payment_trouble = 1 then 'last payment failed'
        when 0.35 * activity_decline >= greatest(0.20 * inactivity, 0.15 * engagement_decline, 0.20 * payment_trouble, 0.10 * recent_downgrade)
            and activity_decline > 0 then 'fewer sessions'
        when 0.20 * inactivity >= greatest(0.15 * engagement_decline, 0.20 * payment_trouble, 0.10 * recent_downgrade)
            and inactivity > 0 then 'no recent session'
        when 0.15 * engagement_decline >= greatest(0.20 * payment_trouble, 0.10 * recent_downgrade)
            and engagement_decline > 0 then 'less engagement with contents'
        when payment_trouble > 0 then 'recent failed payment'
        when recent_downgrade > 0 then 'recent downgrade'
        else 'none'
    end                           as main_reason
from scored
