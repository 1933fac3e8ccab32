<#-- Column-level (Soda's duplicate_percent): one row when more than max_share of the rows
     repeat a value of an earlier row (nulls are not duplicates). -->
select total_rows, duplicate_rows,
       case when total_rows = 0 then 0 else duplicate_rows * 1.0 / total_rows end as duplicate_share,
       ${max_share} as max_share
from (
    select count(*) as total_rows,
           count(${column_name}) - count(distinct ${column_name}) as duplicate_rows
    from ${model}
) as kiln_duplicates
where duplicate_rows > ${max_share} * total_rows
