select method, count(*) from {{ ref('stg_payments') }} group by 1
