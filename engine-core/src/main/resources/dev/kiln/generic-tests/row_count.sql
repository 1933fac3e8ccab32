<#-- Model-level: one row when the number of rows is outside [min_value, max_value]. -->
<#if !(min_value??) && !(max_value??)><#stop "row_count needs min_value, max_value or both."></#if>
<#assign strict = (strictly!false)>
select row_count<#if min_value??>, ${min_value} as min_value</#if><#if max_value??>, ${max_value} as max_value</#if>
from (
    select count(*) as row_count
    from ${model}
) as kiln_row_count
where <#if min_value??>row_count <#if strict><=<#else><</#if> ${min_value}</#if><#if min_value?? && max_value??> or </#if><#if max_value??>row_count <#if strict>>=<#else>></#if> ${max_value}</#if>
