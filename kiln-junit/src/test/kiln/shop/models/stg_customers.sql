select id as customer_id, name, lower(plan) as plan
from ${ref('customers')}
where lower(plan) <> '${var('drop_plan', 'none')}'
