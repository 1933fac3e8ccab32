<#-- Model-level (dbt-utils): each combination of the columns that occurs more than once. -->
<#assign quoted = (quote_columns!false)>
<#function col c><#if quoted><#return '"' + c?replace('"', '""') + '"'><#else><#return c></#if></#function>
select <#list combination_of_columns as c>${col(c)}<#sep>, </#list>, count(*) as n_records
from ${model}
group by <#list combination_of_columns as c>${col(c)}<#sep>, </#list>
having count(*) > 1
