-- RFM scores from 1 (worst) to 5 (best), by percentile rank over all open accounts:
--   r_score: the more recent the last session, the higher (ties share a score);
--   f_score: the more active days, the higher; users with no active day score 1;
--   m_score: 1 for users who paid nothing; payers score 2–5 by their rank among payers.
with ranked as (
    select
        b.*,
        percent_rank() over (order by b.recency_days desc)                         as recency_rank,
        percent_rank() over (order by b.frequency)                                 as frequency_rank,
        case when b.monetary > 0
             then percent_rank() over (partition by b.monetary > 0 order by b.monetary) end as monetary_rank
    from ${ref('rfm_base')} b
)
select
    user_id,
    current_plan,
    tenure_days,
    recency_days,
    frequency,
    monetary,
    cast(least(5, 1 + floor(5 * recency_rank)) as integer)                          as r_score,
    cast(case when frequency = 0 then 1 else least(5, 1 + floor(5 * frequency_rank)) end as integer) as f_score,
    cast(case when monetary <= 0 then 1 else least(5, 2 + floor(4 * monetary_rank)) end as integer)  as m_score
from ranked
