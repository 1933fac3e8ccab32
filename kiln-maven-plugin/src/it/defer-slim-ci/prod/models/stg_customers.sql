select customer_id, lower(plan) as plan from ${ref('customers')}
