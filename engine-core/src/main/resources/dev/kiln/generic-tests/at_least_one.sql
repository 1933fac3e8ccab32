<#-- Column-level (dbt-utils): one row when the column has no non-null value at all. -->
select non_null_values
from (
    select count(${column_name}) as non_null_values
    from ${model}
) as kiln_at_least_one
where non_null_values = 0
