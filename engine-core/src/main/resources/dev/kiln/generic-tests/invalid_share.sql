<#-- Column-level (Soda's invalid_percent): one row when more than max_share of the rows hold a
     value (not null) that breaks the validity rules given: valid_values, valid_regex,
     valid_min / valid_max. A value is valid when it satisfies every rule given. -->
<#if !(valid_values??) && !(valid_regex??) && !(valid_min??) && !(valid_max??)><#stop "invalid_share needs valid_values, valid_regex, valid_min or valid_max."></#if>
<#function bound v><#if v?is_number><#return v?c><#elseif v?matches(r"\d{4}-\d{2}-\d{2}")><#return "date " + literal(v)><#elseif v?matches(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?")><#return "timestamp " + literal(v?replace("T", " "))><#else><#return v></#if></#function>
<#assign quote = (quote!true)>
<#assign text = "cast(" + column_name + " as " + type_string() + ")">
<#-- regexp_like is a dialect helper when the adapter has one; DuckDB spells it regexp_matches -->
<#if valid_regex??><#if regexp_like??><#assign matches = regexp_like(text, literal(valid_regex))><#elseif target.type == "duckdb"><#assign matches = "regexp_matches(" + text + ", " + literal(valid_regex) + ")"><#else><#assign matches = "regexp_like(" + text + ", " + literal(valid_regex) + ")"></#if></#if>
select total_rows, invalid_rows,
       case when total_rows = 0 then 0 else invalid_rows * 1.0 / total_rows end as invalid_share,
       ${max_share} as max_share
from (
    select count(*) as total_rows,
           coalesce(sum(case when ${column_name} is not null and not (1 = 1<#if valid_values??>
               and ${column_name} in (<#list valid_values as v><#if quote>${literal(v)}<#else>${v}</#if><#sep>, </#list>)</#if><#if valid_regex??>
               and ${matches}</#if><#if valid_min??>
               and ${column_name} >= ${bound(valid_min)}</#if><#if valid_max??>
               and ${column_name} <= ${bound(valid_max)}</#if>
           ) then 1 else 0 end), 0) as invalid_rows
    from ${model}
) as kiln_invalid
where invalid_rows > ${max_share} * total_rows
