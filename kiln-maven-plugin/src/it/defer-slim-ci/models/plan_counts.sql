select plan, count(*) as customers, count(*) * 100 / (select count(*) from ${ref('stg_customers')}) as share
from ${ref('stg_customers')} group by plan
