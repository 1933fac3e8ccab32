-- depends_on: ${ref('dim_dates')} -- runs after dim_dates, which creates the analytics schema (see docs/datavision.md, "Known engine issues")
-- One row per campaign event (sent, opened, clicked, converted) with the campaign's channel,
-- goal and target plan, the hours since the user was reached, and whether the event came out
-- of order (a conversion before the click, or anything before the campaign reached the user):
-- such events are kept but not attributed to the campaign.
with events as (
    select
        e.*,
        min(case when e.event_type = 'sent' then e.occurred_at end)
            over (partition by e.campaign_id, e.user_id)          as sent_at,
        min(case when e.event_type = 'clicked' then e.occurred_at end)
            over (partition by e.campaign_id, e.user_id)          as clicked_at
    from ${ref('stg_campaign_events')} e
)
select
    e.event_id,
    e.campaign_id,
    e.user_id,
    e.event_type,
    case e.event_type when 'sent' then 1 when 'opened' then 2 when 'clicked' then 3 when 'converted' then 4 end as funnel_step,
    e.occurred_at,
    cast(e.occurred_at as date)                                  as event_date,
    c.channel,
    c.goal,
    c.target_plan,
    ${datediff('hour', 'e.sent_at', 'e.occurred_at')}            as hours_since_sent,
    coalesce(e.occurred_at < e.sent_at, true)
        or (e.event_type = 'converted' and coalesce(e.occurred_at < e.clicked_at, true)) as is_out_of_order
from events e
join ${ref('stg_campaigns')} c on c.campaign_id = e.campaign_id
where e.occurred_at < ${as_of_ts()}
