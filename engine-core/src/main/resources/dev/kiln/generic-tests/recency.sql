<#-- Model-level (dbt-utils): one row when the newest value of `field` is older than `interval`
     `datepart`s before now (or before `as_of`, which may be written "${var('as_of')}"), or when
     there is none. -->
<#if as_of?? && as_of?contains(r"${")><#assign inline = as_of?interpret><#assign asOf><@inline/></#assign><#else><#assign asOf = as_of!""></#if>
<#assign since><#if asOf?has_content>cast(${literal(asOf)} as timestamp)<#else>${current_timestamp()}</#if></#assign>
<#assign threshold = dateadd(datepart, "-" + interval, since)>
<#if (ignore_time_component!false)><#assign threshold = "cast(" + threshold + " as date)"></#if>
select most_recent, ${threshold} as threshold
from (
    select <#if (ignore_time_component!false)>cast(max(${field}) as date)<#else>max(${field})</#if> as most_recent
    from ${model}
) as kiln_recency
where most_recent is null or most_recent < ${threshold}
