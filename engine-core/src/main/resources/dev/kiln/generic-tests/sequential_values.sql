<#-- Column-level (dbt-utils): the rows whose value is not the previous value plus interval (1 by default;
     in datepart units when datepart is set), per group_by_columns. -->
<#assign step = (interval!1)?c>
<#assign groups = group_by_columns![]>
with kiln_windowed as (
    select
        <#list groups as g>${g}, </#list>${column_name} as value_now,
        lag(${column_name}) over (<#if groups?has_content>partition by <#list groups as g>${g}<#sep>, </#list> </#if>order by ${column_name}) as value_before
    from ${model}
)
select *
from kiln_windowed
where value_before is not null
  and not (<#if datepart??>cast(value_now as timestamp) = cast(${dateadd(datepart, step, "value_before")} as timestamp)<#else>value_now = value_before + ${step}</#if>)
