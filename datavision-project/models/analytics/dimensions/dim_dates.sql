-- The calendar: one row per day of the simulated history (${var('history_months', 18)} months before as_of,
-- as_of excluded).
with days as (
    ${date_spine("cast(" + as_of_date() + " - interval '" + var('history_months', 18) + "' month as date)",
                 "cast(" + as_of_date() + " - interval '1' day as date)")}
)
select
    date_day,
    year(date_day) * 10000 + month(date_day) * 100 + day(date_day)      as date_key,
    year(date_day)                                                       as year_number,
    quarter(date_day)                                                    as quarter_number,
    month(date_day)                                                      as month_number,
    cast(date_trunc('month', date_day) as date)                          as month_start,
    cast(date_trunc('week', date_day) as date)                           as week_start,
    ${iso_day_of_week('date_day')}                                       as iso_day_of_week,
    ${iso_day_of_week('date_day')} >= 6                                  as is_weekend,
    ${datediff('day', 'date_day', as_of_date())}                         as days_before_as_of
from days
