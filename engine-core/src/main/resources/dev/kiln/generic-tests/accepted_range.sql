<#-- Column-level (dbt-utils): rows whose value lies outside the range; nulls pass. -->
<#if !(column_name??)><#stop "accepted_range checks a column: declare it under one."></#if>
<#if !(min_value??) && !(max_value??)><#stop "accepted_range needs min_value, max_value or both."></#if>
<#function bound v><#if v?is_number><#return v?c><#elseif v?matches(r"\d{4}-\d{2}-\d{2}")><#return "date " + literal(v)><#elseif v?matches(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?")><#return "timestamp " + literal(v?replace("T", " "))><#else><#return v></#if></#function>
<#assign incl = (inclusive!true)>
select *
from ${model}
where 1 = 2<#if min_value??>
   or not (${column_name} ><#if incl>=</#if> ${bound(min_value)})</#if><#if max_value??>
   or not (${column_name} <<#if incl>=</#if> ${bound(max_value)})</#if>
