<#-- Model-level (dbt-utils): the ranges [lower_bound_column, upper_bound_column) that overlap the next one
     (per partition_by); gaps: allowed (default), not_allowed or required; zero_length_range_allowed. -->
<#assign gapRule = gaps!"allowed">
<#if !(["allowed", "not_allowed", "required"]?seq_contains(gapRule))><#stop "mutually_exclusive_ranges: gaps must be allowed, not_allowed or required, not " + gapRule + "."></#if>
<#assign partition><#if partition_by??>partition by ${partition_by} </#if></#assign>
with kiln_windowed as (
    select
        <#if partition_by??>${partition_by}, </#if>${lower_bound_column} as lower_bound,
        ${upper_bound_column} as upper_bound,
        lead(${lower_bound_column}) over (${partition}order by ${lower_bound_column}, ${upper_bound_column}) as next_lower_bound,
        row_number() over (${partition}order by ${lower_bound_column} desc, ${upper_bound_column} desc) = 1 as is_last_record
    from ${model}
),
kiln_checked as (
    select *,
        coalesce(lower_bound <#if (zero_length_range_allowed!false)><=<#else><</#if> upper_bound, false) as lower_bound_before_upper_bound,
        coalesce(upper_bound <#if gapRule == "allowed"><=<#elseif gapRule == "not_allowed">=<#else><</#if> next_lower_bound, is_last_record, false) as upper_bound_fits_next_lower_bound
    from kiln_windowed
)
select *
from kiln_checked
where not (lower_bound_before_upper_bound and upper_bound_fits_next_lower_bound)
