<#-- Column-level (Soda's missing_percent): one row when more than max_share of the rows are
     null (or, with treat_empty_as_missing, empty or blank text). -->
<#assign empty = (treat_empty_as_missing!false)>
select total_rows, missing_rows,
       case when total_rows = 0 then 0 else missing_rows * 1.0 / total_rows end as missing_share,
       ${max_share} as max_share
from (
    select count(*) as total_rows,
           coalesce(sum(case when ${column_name} is null<#if empty> or trim(cast(${column_name} as ${type_string()})) = ''</#if> then 1 else 0 end), 0) as missing_rows
    from ${model}
) as kiln_missing
where missing_rows > ${max_share} * total_rows
