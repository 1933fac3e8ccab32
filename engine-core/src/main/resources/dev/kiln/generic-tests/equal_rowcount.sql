<#-- Model-level (dbt-utils): one row when the model and compare_model have different row counts. -->
select model_rows, compare_rows
from (select count(*) as model_rows from ${model}) as kiln_model
cross join (select count(*) as compare_rows from ${compare_model}) as kiln_compare
where model_rows <> compare_rows
