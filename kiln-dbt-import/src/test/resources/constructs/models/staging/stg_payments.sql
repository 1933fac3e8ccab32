{{ config(materialized='table', tags=['staging', 'payments']) }}
{%- set methods = ['card', 'coupon'] -%}
select
    id as payment_id,
    order_id,
    {{ safe_label('method', fallback='none') }} as method,
    {{ cents_to_dollars('amount') }} as amount,
    {{ day_of('paid_at') }} as paid_on,
    {{ dbt_utils.generate_surrogate_key(['id', 'order_id']) }} as payment_key,
    {% for m in methods -%}
    case when method = '{{ m }}' then 1 else 0 end as is_{{ m }}{% if not loop.last %},{% endif %}
    {% endfor %}
from {{ ref('raw_payments') }}
where amount >= {{ var('min_amount') }}
  and paid_at >= '{{ var("start_date") }}'
