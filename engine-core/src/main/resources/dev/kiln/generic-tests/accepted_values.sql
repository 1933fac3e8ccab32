<#assign quote = (quote!true)>
select ${column_name} as value_field, count(*) as n_records
from ${model}
where ${column_name} is not null
  and ${column_name} not in (<#list values as v><#if quote>${literal(v)}<#else>${v}</#if><#sep>, </#list>)
group by ${column_name}
