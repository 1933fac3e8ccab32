-- Monthly KPIs (the monthly_kpis report's "By month" sheet): the daily KPIs summed per calendar
-- month, with MRR and paying users at the month's last day and the month's churn rate (churned
-- users over everyone who paid during the month: those paying at its end plus those who churned).
with months as (
    select
        cast(date_trunc('month', date_day) as date)                                  as month,
        count(*)                                                                     as days,
        sum(signups)                                                                 as signups,
        sum(conversions)                                                             as conversions,
        sum(upsells)                                                                 as upsells,
        sum(downgrades)                                                              as downgrades,
        sum(churned_users)                                                           as churned_users,
        round(avg(active_users), 1)                                                  as avg_daily_active_users,
        sum(contents_created)                                                        as contents_created,
        sum(new_mrr)                                                                 as new_mrr,
        sum(churned_mrr)                                                             as churned_mrr,
        sum(contraction_mrr)                                                         as contraction_mrr,
        sum(net_mrr_change)                                                          as net_mrr_change,
        sum(revenue)                                                                 as revenue,
        sum(failed_payments)                                                         as failed_payments,
        max(date_day)                                                                as last_day
    from ${ref('kpi_daily')}
    group by 1
)
select
    m.month,
    m.days,
    m.signups,
    m.conversions,
    m.upsells,
    m.downgrades,
    m.churned_users,
    m.avg_daily_active_users,
    m.contents_created,
    m.new_mrr,
    m.churned_mrr,
    m.contraction_mrr,
    m.net_mrr_change,
    d.mrr                                                                             as mrr_at_month_end,
    d.paying_users                                                                    as paying_users_at_month_end,
    m.revenue,
    m.failed_payments,
    cast(m.churned_users as double) / nullif(d.paying_users + m.churned_users, 0)                 as churn_rate
from months m
join ${ref('kpi_daily')} d on d.date_day = m.last_day
