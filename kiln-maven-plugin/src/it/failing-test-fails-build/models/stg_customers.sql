select id as customer_id, name, lower(plan) as plan
from ${ref('customers')}
where id >= ${var('min_id', 0)}
