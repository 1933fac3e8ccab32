{% set results = run_query('select 1') %}
select 1 as id
