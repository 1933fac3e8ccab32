-- The daily KPIs of the last full calendar month before as_of (the monthly_kpis report's first
-- sheet and its MRR chart).
select *
from ${ref('kpi_daily')}
where date_day >= cast(date_trunc('month', ${as_of_date()} - interval '1' day) as date)
  and date_day < ${as_of_date()}
