<#-- Model- or column-level (dbt-utils): rows for which the expression is false. On a column,
     an expression that starts with an operator ('>= 0', 'in (1, 2)', 'is not null') applies to
     the column, as in dbt-utils; ${column_name} may also be written inside the expression. -->
<#if expression?contains(r"${")><#assign inline = expression?interpret><#assign condition><@inline/></#assign><#elseif column_name?? && expression?lower_case?matches(r"\s*(=|<|>|!=|is\s|not\s|in\s*\(|between\s|like\s|ilike\s|similar\s).*", "s")><#assign condition = column_name + " " + expression><#else><#assign condition = expression></#if>
select *
from ${model}
where not (${condition})
