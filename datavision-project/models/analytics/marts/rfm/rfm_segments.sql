-- Named RFM segments (the classic grid on recency and frequency, with monetary separating the
-- most valuable), and what to do about each.
with segmented as (
    select
        s.*,
        concat(cast(r_score as varchar), cast(f_score as varchar), cast(m_score as varchar)) as rfm_cell,
        case
            when r_score >= 4 and f_score >= 4 and m_score >= 3 then 'champions'
            when r_score <= 2 and f_score >= 4 and m_score >= 4 then 'cannot_lose_them'
            when r_score >= 3 and f_score >= 4                  then 'loyal'
            when r_score >= 4 and f_score >= 2                  then 'potential_loyalists'
            when r_score >= 4 and tenure_days <= 30             then 'new_users'
            when r_score >= 4                                   then 'promising'
            when r_score = 3 and f_score >= 2                   then 'need_attention'
            when r_score = 3                                    then 'about_to_sleep'
            when f_score >= 3                                   then 'at_risk'
            when r_score = 2                                    then 'hibernating'
            else 'lost'
        end as segment
    from ${ref('rfm_scores')} s
)
select
    user_id,
    current_plan,
    r_score,
    f_score,
    m_score,
    rfm_cell,
    segment,
    case segment
        when 'champions'           then 'Reward; ask for referrals and reviews'
        when 'cannot_lose_them'    then 'Win back now: personal outreach'
        when 'loyal'               then 'Upsell higher plans; early access'
        when 'potential_loyalists' then 'Nurture: onboarding to power features'
        when 'new_users'           then 'Onboard: first-week guidance'
        when 'promising'           then 'Build habit: content suggestions'
        when 'need_attention'      then 'Re-engage with recommendations'
        when 'about_to_sleep'      then 'Remind of value before they lapse'
        when 'at_risk'             then 'Retention campaign'
        when 'hibernating'         then 'Low-cost reactivation'
        else                            'Do not spend; occasional win-back'
    end as suggested_action
from segmented
