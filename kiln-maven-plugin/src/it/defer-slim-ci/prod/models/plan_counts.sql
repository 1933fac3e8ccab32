select plan, count(*) as customers from ${ref('stg_customers')} group by plan
