-- Users per RFM segment (the monthly_kpis report's "Segments" sheet): how many, their share of
-- open accounts, how many pay, and how many of the paying ones are at high churn risk.
select
    s.segment                                                                         as rfm_segment,
    count(*)                                                                          as users,
    cast(count(*) as double) / sum(count(*)) over ()                                  as users_share,
    count(case when s.current_plan in ('premium', 'enterprise') then 1 end)           as paying_users,
    count(case when c.risk_band = 'high' then 1 end)                                  as high_churn_risk_users,
    min(s.suggested_action)                                                           as suggested_action
from ${ref('rfm_segments')} s
left join ${ref('churn_risk')} c on c.user_id = s.user_id
group by s.segment
