-- One row per campaign, with its funnel: users reached, opened, clicked and converted (events
-- out of order, such as a conversion before the click, are not attributed).
with funnel as (
    select
        campaign_id,
        count(distinct case when event_type = 'sent' then user_id end)      as users_sent,
        count(distinct case when event_type = 'opened' then user_id end)    as users_opened,
        count(distinct case when event_type = 'clicked' then user_id end)   as users_clicked,
        count(distinct case when event_type = 'converted' then user_id end) as users_converted
    from ${ref('fct_campaign_events')}
    where not is_out_of_order
    group by campaign_id
)
select
    c.campaign_id,
    c.campaign_name,
    c.channel,
    c.goal,
    c.target_plan,
    c.started_at,
    c.ended_at,
    c.created_at,
    ${datediff('day', 'c.started_at', 'c.ended_at')}                   as duration_days,
    c.ended_at <= ${as_of_ts()}                                         as is_finished,
    coalesce(f.users_sent, 0)                                           as users_sent,
    coalesce(f.users_opened, 0)                                         as users_opened,
    coalesce(f.users_clicked, 0)                                        as users_clicked,
    coalesce(f.users_converted, 0)                                      as users_converted,
    ${ratio('f.users_opened', 'f.users_sent')}                          as open_rate,
    ${ratio('f.users_clicked', 'f.users_opened')}                       as click_through_rate,
    ${ratio('f.users_converted', 'f.users_sent')}                       as conversion_rate
from ${ref('stg_campaigns')} c
left join funnel f on f.campaign_id = c.campaign_id
