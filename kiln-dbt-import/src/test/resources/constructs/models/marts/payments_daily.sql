{{
    config(
        materialized='incremental',
        unique_key='paid_on'
    )
}}
{% set amount_column %}amount{% endset %}
select paid_on, sum({{ amount_column }}) as amount, count(*) as payments
from {{ ref('stg_payments') }}
{% if is_incremental() %}
where paid_on >= (select max(paid_on) from {{ this }})
{% elif target.name == 'prod' %}
where paid_on >= date '2025-01-01'
{% else %}
where 1 = 1
{% endif %}
group by 1
