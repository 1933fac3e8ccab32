<#-- Column-level (dbt-utils): one row when the share of non-null values is below at_least (or above at_most). -->
select not_null_proportion
from (
    select cast(sum(case when ${column_name} is null then 0 else 1 end) as double) / nullif(count(*), 0) as not_null_proportion
    from ${model}
) as kiln_not_null_proportion
where not_null_proportion < ${at_least} or not_null_proportion > ${at_most!1}
